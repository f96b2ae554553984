package dev.vigil.settings;

import dev.vigil.alerting.AlertConfig;
import dev.vigil.alerting.IncidentConfig;
import dev.vigil.alerting.SilenceConfig;
import dev.vigil.api.ApiConfig;
import dev.vigil.api.MultivariateConfig;
import dev.vigil.groups.GroupConfig;
import dev.vigil.hooks.HookConfig;
import dev.vigil.hooks.MailConfig;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.ingestion.IngestionConfig;
import dev.vigil.ingestion.KafkaIngestionConfig;
import dev.vigil.kafka.KafkaConfig;
import dev.vigil.observability.KafkaProbeConfig;
import dev.vigil.observability.LogConfig;
import dev.vigil.query.DetectionFactsConfig;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.scheduling.HousekeepingConfig;
import dev.vigil.scheduling.RetentionConfig;
import dev.vigil.security.SecretsConfig;
import dev.vigil.security.SecurityConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SysPropConfigSource;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Stops the start on a {@code VIGIL_*} environment variable, or a {@code vigil.*} key, that names no setting: SmallRye
 * Config cannot tell a misspelt variable from an unrelated one and ignores it ({@code VIGIL_DETECTON_CRON} left the
 * schedule at its default while the operator thought it changed), and it refuses unknown keys only under a mapping's
 * prefix ({@code vigil.detection.cronn}), not elsewhere ({@code vigil.detecton.cron}). With
 * {@code vigil.settings.allow-unknown=true} each is a warning instead.
 *
 * <p>Known names come from the mappings' own metadata, from the variables {@code application.properties} reads in
 * expressions ({@code ${VIGIL_DB_URL:...}}), and from {@link #OTHER_VARIABLES} and {@link #TOOL_KEYS}.
 */
@ApplicationScoped
public class SettingsGuard {

    /** Every {@code @ConfigMapping} of Vigil's; {@code SettingsGuardTest} fails when one is missing. */
    static final List<Class<?>> MAPPINGS = List.of(AggregationConfig.class, AlertConfig.class, ApiConfig.class,
            DetectionConfig.class, DetectionFactsConfig.class, GroupConfig.class, HookConfig.class,
            HousekeepingConfig.class, IncidentConfig.class, IngestionConfig.class, KafkaConfig.class,
            KafkaIngestionConfig.class, KafkaProbeConfig.class, LogConfig.class, MailConfig.class,
            MultivariateConfig.class, RetentionConfig.class, SecretsConfig.class, SecurityConfig.class,
            SettingsConfig.class, SilenceConfig.class);

    /** {@code VIGIL_*} variables that are no setting of the application, yet are Vigil's (README, "Configuration"). */
    static final Set<String> OTHER_VARIABLES = Set.of(
            // the launcher reads these before Quarkus starts (local.VigilMain, LocalServices, TracingDefaults)
            "VIGIL_DATA_DIR", "VIGIL_EMBEDDED", "VIGIL_LOCAL_PG_PORT", "VIGIL_LOCAL_KAFKA_PORT",
            "VIGIL_LOCAL_PG_STARTUP_WAIT", "VIGIL_OTLP_ENDPOINT",
            // the JVM image's entry point (src/main/docker/Dockerfile.jvm)
            "VIGIL_JVM_OPTIONS",
            // Vigil's clients: demos, load drivers, the multivariate JS client test and the browser tests, whose
            // shell or JVM may be the server's too
            "VIGIL_URL", "VIGIL_KEY", "VIGIL_ENDPOINT", "VIGIL_MANAGEMENT_URL", "VIGIL_CHROMIUM");

    /**
     * Starts of the {@code vigil.*} system properties the evaluation tools read ({@code dev.vigil.evaluation}, README
     * and BENCHMARKS.md: {@code -Dvigil.nab.flags=true}), which a Maven run hands to the tests' JVM as well.
     */
    static final List<String> TOOL_KEYS = List.of("vigil.nab.", "vigil.kpi.", "vigil.mv.", "vigil.sweep.",
            "vigil.scorerArgs");

    private static final Logger LOG = Logger.getLogger(SettingsGuard.class);
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(VIGIL_[A-Z0-9_]+)");
    private static final Pattern PROFILE = Pattern.compile("^%[^.]*\\.");

    private final Config config;
    private final SettingsConfig settings;

    SettingsGuard(Config config, SettingsConfig settings) {
        this.config = config;
        this.settings = settings;
    }

    // before every other start-up observer: a misspelt setting may be why one of them fails
    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        check(config.getConfigSources());
    }

    /** Refuses (or, if allowed, warns about) every unknown name in these sources. */
    void check(Iterable<ConfigSource> sources) {
        String refusal = refusal(sources, settings);
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
    }

    /**
     * The launcher's check, before the embedded services start and before the schema is migrated: a misspelt variable
     * stops a start that would otherwise migrate the database first. It sees the environment, the system properties
     * and the packaged {@code application.properties} (whose expressions name variables); a key in a file only Quarkus
     * reads ({@code config/application.properties}, {@code .env}) is found by the start's own check.
     *
     * @return why the start is refused, or null (warnings are logged when unknown names are allowed)
     */
    public static String refusalBeforeStart(Map<String, String> environment) {
        List<ConfigSource> sources = new ArrayList<>(List.of(new EnvConfigSource(environment, 300),
                new SysPropConfigSource()));
        URL packaged = SettingsGuard.class.getClassLoader().getResource("application.properties");
        try {
            if (packaged != null) {
                sources.add(new PropertiesConfigSource(packaged, 250));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the packaged application.properties cannot be read", e);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(sources).withMapping(SettingsConfig.class)
                .withMappingIgnore("vigil.**").build();
        return refusal(sources, config.getConfigMapping(SettingsConfig.class));
    }

    private static String refusal(Iterable<ConfigSource> sources, SettingsConfig settings) {
        List<String> unknown = unknown(names(sources), sources);
        if (unknown.isEmpty()) {
            return null;
        }
        if (settings.allowUnknown()) {
            unknown.forEach(u -> LOG.warn(u + " (ignored: vigil.settings.allow-unknown=true)"));
            return null;
        }
        return "Vigil refuses to start: " + String.join("; ", unknown)
                + ". Correct or remove them, or set VIGIL_SETTINGS_ALLOW_UNKNOWN=true to start with a warning each";
    }

    /** The known names: the mappings' properties, the variables the sources' expressions read, the others. */
    static SettingNames names(Iterable<ConfigSource> sources) {
        Set<String> properties = new HashSet<>();
        for (Class<?> mapping : MAPPINGS) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            properties.addAll(ConfigMappings.getProperties(ConfigClass.configClass(mapping, prefix)).keySet());
        }
        Set<String> variables = new HashSet<>(OTHER_VARIABLES);
        for (ConfigSource source : sources) {
            for (String name : source.getPropertyNames()) {
                String value = source.getValue(name);
                Matcher m = EXPRESSION.matcher(value == null ? "" : value);
                while (m.find()) {
                    variables.add(m.group(1));
                }
            }
        }
        return new SettingNames(properties, variables, TOOL_KEYS);
    }

    /** One sentence per unknown name, each named once however many sources hold it, in alphabetical order. */
    static List<String> unknown(SettingNames known, Iterable<ConfigSource> sources) {
        Set<String> environment = new HashSet<>();
        sources.forEach(s -> environment.addAll(s.getPropertyNames()));
        Map<String, String> unknown = new TreeMap<>();
        for (ConfigSource source : sources) {
            Set<String> names = source.getPropertyNames();
            for (String name : names) {
                String key = PROFILE.matcher(name).replaceFirst("");
                // the environment's source also lists each variable as a key (vigil.data.dir for VIGIL_DATA_DIR)
                if (key.startsWith("vigil.") && names.contains(SettingNames.envName(key))) {
                    continue;
                }
                if (key.startsWith("VIGIL_") && !known.knowsVariable(key, environment)) {
                    unknown.putIfAbsent(key, "the environment variable " + key + " names no Vigil setting"
                            + known.nearestVariable(key).map(n -> " (did you mean " + n + "?)").orElse(""));
                } else if (key.startsWith("vigil.") && !known.knowsProperty(key)) {
                    unknown.putIfAbsent(key, key + " in " + source.getName() + " names no Vigil setting"
                            + known.nearestProperty(key).map(n -> " (did you mean " + n + "?)").orElse(""));
                }
            }
        }
        return List.copyOf(unknown.values());
    }
}
