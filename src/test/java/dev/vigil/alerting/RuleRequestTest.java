package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.ingestion.InputRules;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What a rule's body may say, beyond the fields' ranges (a walk of the API found each taken): filters no series could
 * match, names that look like another or that the form would change, numbers and durations cut without a word.
 * Plain JUnit.
 */
class RuleRequestTest {

    private static final AlertRule DEFAULTS = new AlertRule(0, AlertRule.DEFAULT_NAME, null, null, Map.of(), 0,
            "both", 1, Duration.ofHours(1), 100, List.of(), true);

    private static AlertRule parse(String body) {
        return RuleRequest.parse(body, DEFAULTS);
    }

    private static RejectedInput refused(String body) {
        return assertThrows(RejectedInput.class, () -> parse(body));
    }

    /** A rule named {@code name} (as Java text, JSON-quoted here) with {@code rest} after it. */
    private static String named(String name, String rest) throws Exception {
        return "{\"name\": " + Json.mapper().writeValueAsString(name) + rest + "}";
    }

    private static String dimensions(int entries, int valueLength) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < entries; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("v".repeat(valueLength))
                    .append('"');
        }
        return b.append('}').toString();
    }

    @Test
    void aFilterNoSeriesCouldMatchIsRefused() {
        int max = InputRules.MAX_DIMENSIONS;
        assertEquals(max, parse("{\"name\": \"r\", \"dimensions\": " + dimensions(max, 1) + "}").dimensions().size());
        RejectedInput tooMany = refused("{\"name\": \"r\", \"dimensions\": " + dimensions(max + 1, 1) + "}");
        assertEquals(List.of(400, "InvalidRule", "dimensions"), List.of(tooMany.status(), tooMany.code(),
                tooMany.field()));
        // 30,000 entries of 200 characters were stored: 6.4 MB read for every chunk's decisions
        assertEquals("dimensions", refused("{\"name\": \"r\", \"dimensions\": " + dimensions(30_000, 200) + "}")
                .field());
        RejectedInput longValue = refused("{\"name\": \"r\", \"dimensions\": {\"host\": \"" + "x".repeat(257) + "\"}}");
        assertEquals(List.of("InvalidRule", "dimensions.host"), List.of(longValue.code(), longValue.field()));
        assertEquals("dimensions key", refused("{\"name\": \"r\", \"dimensions\": {\" \": \"x\"}}").field());
        assertEquals("InvalidCharacter", refused("{\"name\": \"r\", \"dimensions\": {\"a\\u202Eb\": \"x\"}}").code());
        assertEquals("dimensions.host", refused("{\"name\": \"r\", \"dimensions\": {\"host\": \" \"}}").field());
        // 32 values of 40 characters fit; the key they make (about 1,500 bytes) no series may have
        assertEquals("dimensions", refused("{\"name\": \"r\", \"dimensions\": " + dimensions(max, 40) + "}").field());
        assertEquals(Map.of("host", " x "), parse("{\"name\": \"r\", \"dimensions\": {\"host\": \" x \"}}")
                .dimensions(), "edge spaces in a value are a reading's too");
    }

    @ParameterizedTest
    @ValueSource(strings = {" default", "Default", "DEFAULT", "backups\u200B", "a\nb\tc\u0007", "up\u202Edown",
        "x\u2066y", "\uFEFFbom", "trailing ", "\u00A0nbsp", "tab\t"})
    void namesThatLookLikeAnotherOrThatTheFormWouldChangeAreRefused(String name) throws Exception {
        RejectedInput e = assertThrows(RejectedInput.class, () -> parse(named(name, "")));
        assertEquals(400, e.status());
        assertEquals("name", e.field(), e.getMessage());
    }

    @Test
    void namesAreTakenAsSentAndNotNormalised() throws Exception {
        assertEquals("caf\u00e9", parse(named("caf\u00e9", "")).name());
        assertEquals("cafe\u0301", parse(named("cafe\u0301", "")).name(), "NFD is another name, not refused");
        assertEquals("north  voltage \u2014 2", parse(named("north  voltage \u2014 2", "")).name());
        assertEquals("InvalidCharacter", refused(named("backups\u200B", "")).code());
    }

    @Test
    void aMetricNoReadingCouldHaveIsRefused() throws Exception {
        RejectedInput e = refused(named("r", ", \"metric\": \"volt\\u202Eage\""));
        assertEquals(List.of("InvalidCharacter", "metric"), List.of(e.code(), e.field()));
        assertEquals("metric", refused(named("r", ", \"metric\": \"a\\u0007\"")).field());
        assertEquals("metric", refused(named("r", ", \"metric\": \"" + "m".repeat(257) + "\"")).field());
    }

    /** A body's field and the field its error names. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"maxPerHour\": 2.7          | maxPerHour",
        "\"minConsecutive\": 2.5      | minConsecutive",
        "\"snooze\": \"PT0.5S\"       | snooze",
        "\"snooze\": \"PT1H0.7S\"     | snooze",
        "\"silence\": \"PT5M0.5S\"    | silence",
        "\"enabled\": \"yes\"         | enabled",
    })
    void numbersAndDurationsAreRefusedNotCut(String field, String named) {
        RejectedInput e = refused("{\"name\": \"r\", " + field + "}");
        assertEquals(List.of("InvalidRule", named), List.of(e.code(), e.field()), e.getMessage());
    }

    @Test
    void wholeValuesAndNullsAreTaken() {
        AlertRule r = parse("{\"name\": \"r\", \"maxPerHour\": 2.0, \"snooze\": \"PT1H30S\", \"silence\": \"PT5M\", "
                + "\"enabled\": null, \"metric\": null, \"dimensions\": null, \"maintenance\": null}");
        assertEquals(2, r.maxPerHour());
        assertEquals(Duration.ofSeconds(3630), r.snooze());
        assertTrue(r.enabled(), "null takes the default, as for every other optional field");
    }
}
