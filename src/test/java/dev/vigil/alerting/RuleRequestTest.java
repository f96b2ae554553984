package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.ingestion.RejectedInput;
import dev.vigil.storage.AlertRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * What a rule's body may say, beyond the fields' ranges (a walk of the API found each taken): numbers and durations
 * cut without a word. Plain JUnit.
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
