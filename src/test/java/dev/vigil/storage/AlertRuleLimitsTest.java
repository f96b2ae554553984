package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.storage.AlertRule.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which values break a rule's limits, and the bounds several covering rules leave together. */
class AlertRuleLimitsTest {

    private static AlertRule rule(Double lower, Double upper) {
        return new AlertRule(1, "r", "voltage", null, Map.of(), 0, "both", 1, Duration.ZERO, 100, List.of(), true, 0,
                0, null, lower == null && upper == null ? null : new Limits(lower, upper));
    }

    @Test
    void aValueBreaksALimitOnlyBeyondIt() {
        Limits l = new Limits(207.0, 253.0);
        assertFalse(l.brokenBy(207));
        assertFalse(l.brokenBy(253));
        assertTrue(l.brokenBy(206.9));
        assertTrue(l.brokenBy(253.1));
        assertEquals(-1, l.side(0));
        assertEquals(1, l.side(300));
        assertEquals(0, l.side(230));
        Limits upperOnly = new Limits(null, 10.0);
        assertFalse(upperOnly.brokenBy(-1e300));
        assertTrue(upperOnly.brokenBy(11));
    }

    @Test
    void severalRulesLeaveTheNarrowestBounds() {
        assertEquals(new Limits(210.0, 250.0), Limits.of(List.of(rule(207.0, 253.0), rule(210.0, null),
                rule(null, 250.0), rule(null, null))));
        assertEquals(new Limits(null, 5.0), Limits.of(List.of(rule(null, 5.0), rule(null, 8.0))));
        assertNull(Limits.of(List.of(rule(null, null))));
        assertNull(Limits.of(List.of()));
    }
}
