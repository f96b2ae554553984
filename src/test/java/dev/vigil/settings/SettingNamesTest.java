package dev.vigil.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which names are settings, in both forms, and which known name an unknown one was probably meant to be. */
class SettingNamesTest {

    private static final SettingNames NAMES = new SettingNames(List.of("vigil.detection.cron",
            "vigil.detection.max-windows-per-run", "vigil.api.keys", "vigil.api.keys[*]",
            "vigil.groups.rules.*.metrics", "vigil.groups.rules.*.metrics[*]", "vigil.groups.rules.*.fill-value",
            "vigil.mail.port"), List.of("VIGIL_DB_URL", "VIGIL_LOCAL_PG_STARTUP_WAIT"), List.of("vigil.nab."));

    @ParameterizedTest
    @CsvSource({
        "VIGIL_DETECTION_CRON, true",
        "VIGIL_DETECTION_MAX_WINDOWS_PER_RUN, true",
        "VIGIL_API_KEYS, true",
        "VIGIL_API_KEYS_0_, true",
        "VIGIL_API_KEYS_X_, false",
        "VIGIL_GROUPS_RULES_FEEDERS_METRICS, true",
        "VIGIL_GROUPS_RULES_MY_FEEDERS_METRICS_1_, true",
        "VIGIL_GROUPS_RULES_FEEDERS_FILL_VALUE, true",
        "VIGIL_GROUPS_RULES__METRICS, false",
        "VIGIL_GROUPS_RULES_FEEDERS_METRIX, false",
        "VIGIL_DB_URL, true",
        "VIGIL_LOCAL_PG_STARTUP_WAIT, true",
        "VIGIL_DETECTON_CRON, false",
        "VIGIL_DETECTION_CRONN, false",
        "VIGIL_SERVICE_HOST, false",
        "VIGIL_MAIL_PORT, true",
        "VIGIL_SMTP_PORT, false",
    })
    void aVariableIsKnownInTheEnvironmentFormOfAPropertyOrByItsExactName(String name, boolean known) {
        assertEquals(known, NAMES.knowsVariable(name, Set.of()), name);
    }

    @ParameterizedTest
    @CsvSource({
        "vigil.detection.cron, true",
        "vigil.api.keys[2], true",
        "vigil.groups.rules.feeders.metrics, true",
        "vigil.groups.rules.\"feeders.east\".metrics[0], true",
        "vigil.groups.rules.feeders.east.metrics, false",
        "vigil.detecton.cron, false",
        "vigil.db.url, false",
        "vigil.nab.flags, true",
    })
    void aKeyIsKnownOnlyAsAProperty(String key, boolean known) {
        assertEquals(known, NAMES.knowsProperty(key), key);
    }

    @ParameterizedTest
    @CsvSource({
        "VIGIL_DETECTON_CRON, VIGIL_DETECTION_CRON",
        "VIGIL_DETECTION_CRONN, VIGIL_DETECTION_CRON",
        "VIGIL_DETECTION_MAX_WINDOW_PER_RUN, VIGIL_DETECTION_MAX_WINDOWS_PER_RUN",
        "VIGIL_GROUPS_RULES_FEEDERS_METRIX, VIGIL_GROUPS_RULES_FEEDERS_METRICS",
        "VIGIL_GROUP_RULES_FEEDERS_FILL_VALUE, VIGIL_GROUPS_RULES_FEEDERS_FILL_VALUE",
        "VIGIL_LOCAL_PG_STARTUP_WAITS, VIGIL_LOCAL_PG_STARTUP_WAIT",
        "VIGIL_DBURL, VIGIL_DB_URL",
    })
    void anUnknownVariableIsGivenTheNearestKnownOne(String name, String meant) {
        assertEquals(Optional.of(meant), NAMES.nearestVariable(name));
    }

    @ParameterizedTest
    @CsvSource({"vigil.detecton.cron, vigil.detection.cron",
        "vigil.groups.rule.feeders.metrics, vigil.groups.rules.feeders.metrics"})
    void anUnknownKeyIsGivenTheNearestKnownOne(String key, String meant) {
        assertEquals(Optional.of(meant), NAMES.nearestProperty(key));
    }

    @ParameterizedTest
    @CsvSource({"VIGIL_SOMETHING_ELSE_ENTIRELY", "VIGIL_X", "VIGIL_THRESHOLD"})
    void aNameNearNothingGetsNoSuggestion(String name) {
        assertEquals(Optional.empty(), NAMES.nearestVariable(name));
    }

    @ParameterizedTest
    @CsvSource({"VIGIL_SERVICE_HOST", "VIGIL_SERVICE_PORT", "VIGIL_SERVICE_PORT_HTTP", "VIGIL_PORT",
        "VIGIL_PORT_80_TCP", "VIGIL_PORT_80_TCP_PROTO", "VIGIL_PORT_80_TCP_PORT", "VIGIL_PORT_80_TCP_ADDR"})
    void kubernetesServiceLinksAreKnownBesideTheirServiceHost(String name) {
        assertTrue(NAMES.knowsVariable(name, Set.of("VIGIL_SERVICE_HOST")), name);
        assertTrue(NAMES.knowsVariable(name.replace("VIGIL_", "VIGIL_POSTGRES_"),
                Set.of("VIGIL_POSTGRES_SERVICE_HOST")), name);
        assertFalse(NAMES.knowsVariable(name.replace("VIGIL_", "VIGIL_KAFKA_"), Set.of("VIGIL_SERVICE_HOST")), name);
    }

    @ParameterizedTest
    @CsvSource({"kitten, sitting, 3", "'', abc, 3", "VIGIL_DB_URL, VIGIL_DB_URL, 0", "flaw, lawn, 2"})
    void distanceCountsSingleCharacterEdits(String a, String b, int d) {
        assertEquals(d, SettingNames.distance(a, b));
    }
}
