package dev.vigil.settings;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

/**
 * A start with a {@code VIGIL_*} variable or a {@code vigil.*} key that names no setting is refused, naming it and the
 * setting it was probably meant to be; {@code vigil.settings.allow-unknown} makes that a warning. Every variable
 * Vigil's own code, images, manifests, scripts and README use is known.
 */
@QuarkusTest
class SettingsGuardTest {

    /** A name the README spells wrong on purpose, to show the refusal. */
    private static final Set<String> DOCUMENTED_TYPOS = Set.of("VIGIL_DETECTON_CRON");

    @Inject
    Config config;
    @Inject
    SettingsGuard guard;

    /** This start's sources with {@code extra} on top, as if a system property held it. */
    private List<ConfigSource> with(Map<String, String> extra) {
        return with(new PropertiesConfigSource(extra, "the test's extra source", 500));
    }

    /** This start's sources with {@code extra} on top. */
    private List<ConfigSource> with(ConfigSource extra) {
        List<ConfigSource> sources = new ArrayList<>();
        config.getConfigSources().forEach(sources::add);
        sources.add(extra);
        return sources;
    }

    @Test
    void thisStartPasses() {
        assertDoesNotThrow(() -> guard.check(config.getConfigSources()));
    }

    @Test
    void aMisspeltVariableStopsTheStartNamingWhatWasMeant() {
        IllegalStateException stop = assertThrows(IllegalStateException.class,
                () -> guard.check(with(new EnvConfigSource(Map.of("VIGIL_DETECTON_CRON", "0 0 * * * ?",
                        "VIGIL_GROUPS_RULES_A_METRIX", "x", "VIGIL_WHATEVER_THIS_IS", "1", "VIGIL_DATA_DIR", "data"),
                        300))));
        assertEquals("Vigil refuses to start: the environment variable VIGIL_DETECTON_CRON names no Vigil setting (did "
                + "you mean VIGIL_DETECTION_CRON?); the environment variable VIGIL_GROUPS_RULES_A_METRIX names no "
                + "Vigil setting (did you mean VIGIL_GROUPS_RULES_A_METRICS?); the environment variable "
                + "VIGIL_WHATEVER_THIS_IS names no Vigil setting. Correct or remove them, or set "
                + "VIGIL_SETTINGS_ALLOW_UNKNOWN=true to start with a warning each", stop.getMessage());
    }

    @Test
    void theLauncherRefusesAMisspeltVariableBeforeAnythingStartsOrMigrates() {
        String refusal = SettingsGuard.refusalBeforeStart(Map.of("VIGIL_DETECTON_CRON", "0 0 * * * ?",
                "VIGIL_DB_URL", "jdbc:postgresql://db/vigil"));
        assertEquals("Vigil refuses to start: the environment variable VIGIL_DETECTON_CRON names no Vigil setting (did "
                + "you mean VIGIL_DETECTION_CRON?). Correct or remove them, or set VIGIL_SETTINGS_ALLOW_UNKNOWN=true to "
                + "start with a warning each", refusal);
        assertNull(SettingsGuard.refusalBeforeStart(Map.of("VIGIL_DB_URL", "jdbc:postgresql://db/vigil",
                "VIGIL_MAIL_HOST", "smtp", "VIGIL_KEYS", "k:admin", "PATH", "/bin")), "known names and others' pass");
        assertNull(SettingsGuard.refusalBeforeStart(Map.of("VIGIL_DETECTON_CRON", "x",
                "VIGIL_SETTINGS_ALLOW_UNKNOWN", "true")), "allowed: a warning");
    }

    @Test
    void aKeyOutsideEveryMappingsPrefixStopsTheStartToo() {
        IllegalStateException stop = assertThrows(IllegalStateException.class,
                () -> guard.check(with(Map.of("vigil.detecton.cron", "off"))));
        assertEquals("Vigil refuses to start: vigil.detecton.cron in PropertiesConfigSource[source=the test's extra "
                + "source] names no Vigil setting (did you mean vigil.detection.cron?). Correct or remove them, or set "
                + "VIGIL_SETTINGS_ALLOW_UNKNOWN=true to start with a warning each", stop.getMessage());
    }

    @Test
    void allowUnknownStartsWithAWarning() {
        SettingsGuard lenient = new SettingsGuard(config, () -> true);
        assertDoesNotThrow(() -> lenient.check(with(Map.of("VIGIL_DETECTON_CRON", "off"))));
    }

    @Test
    void kubernetesServiceLinksAndTheExpressionsVariablesPass() {
        assertDoesNotThrow(() -> guard.check(with(Map.of("VIGIL_SERVICE_HOST", "10.0.0.1", "VIGIL_PORT_80_TCP",
                "tcp://10.0.0.1:80", "VIGIL_DB_URL", "jdbc:postgresql://db/vigil", "VIGIL_MV_DATA_DIR", "data"))));
    }

    @Test
    void everyConfigMappingIsListed() throws IOException {
        Set<String> mappings = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/vigil"))) {
            files.filter(f -> f.toString().endsWith(".java")).filter(f -> read(f).contains("@ConfigMapping("))
                    .forEach(f -> mappings.add(Path.of("src/main/java").relativize(f).toString()
                            .replace(".java", "").replace('/', '.')));
        }
        Set<String> listed = new TreeSet<>();
        SettingsGuard.MAPPINGS.forEach(c -> listed.add(c.getName()));
        assertEquals(mappings, listed);
    }

    @Test
    void everyVariableTheRepositoryUsesIsKnown() throws IOException {
        Pattern variable = Pattern.compile("\\bVIGIL_[A-Z0-9_]+");
        Set<String> unknown = new TreeSet<>();
        SettingNames names = SettingsGuard.names(config.getConfigSources());
        List<Path> roots = List.of(Path.of("src/main"), Path.of("src/test/java"), Path.of("src/test/js"),
                Path.of("infra"), Path.of("bench"), Path.of(".ci"), Path.of("native-build.sh"), Path.of("README.md"),
                Path.of("RELIABILITY.md"), Path.of("BENCHMARKS.md"));
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                // the guard and its tests hold names that are examples, not variables
                for (Path f : files.filter(Files::isRegularFile)
                        .filter(f -> !f.toString().contains("dev/vigil/settings")).toList()) {
                    Matcher m = variable.matcher(read(f));
                    while (m.find()) {
                        if (!names.knowsVariable(m.group(), Set.of("VIGIL_SERVICE_HOST"))
                                && !DOCUMENTED_TYPOS.contains(m.group())) {
                            unknown.add(m.group() + " (" + f + ")");
                        }
                    }
                }
            }
        }
        assertEquals(Set.of(), unknown);
    }

    @Test
    void everyKeyTheEvaluationToolsReadIsKnown() throws IOException {
        Pattern key = Pattern.compile("(?:-D|getProperty\\(\"|getBoolean\\(\"|getInteger\\(\"|Property\\(\")"
                + "(vigil\\.[A-Za-z0-9.-]+)");
        SettingNames names = SettingsGuard.names(config.getConfigSources());
        Set<String> unknown = new TreeSet<>();
        // BENCHMARKS.md keeps commands of experiments whose code is gone (-Dvigil.scratch.*)
        for (Path root : List.of(Path.of("src/main/java"), Path.of("README.md"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Matcher m = key.matcher(read(f));
                    while (m.find()) {
                        if (!names.knowsProperty(m.group(1))) {
                            unknown.add(m.group(1) + " (" + f + ")");
                        }
                    }
                }
            }
        }
        assertEquals(Set.of(), unknown);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return ""; // binary files (images, key stores) hold no variable names
        }
    }
}
