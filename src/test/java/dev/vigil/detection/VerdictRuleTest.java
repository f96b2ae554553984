package dev.vigil.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A verdict whose value broke a rule's condition: flagged at full severity, a change point keeping its reason. */
class VerdictRuleTest {

    @Test
    void aConditionFlagsWhatTheDetectorDidNotAlsoWhileWarmingUp() {
        Verdict quiet = new Verdict(230, 225, 235, false, 0, 0.4, false);
        Verdict broken = quiet.ruleBroken(Verdict.LIMIT);
        assertTrue(broken.anomaly());
        assertEquals(1, broken.severity());
        assertEquals(Verdict.LIMIT, broken.reason());
        assertEquals(225, broken.lower());
        assertEquals(235, broken.upper());

        Verdict young = Verdict.insufficientHistory().ruleBroken(Verdict.CHANGE);
        assertTrue(young.anomaly());
        assertFalse(young.warmingUp());
        assertEquals(Verdict.CHANGE, young.reason());
    }

    @Test
    void aChangePointBeyondALimitStaysAChangePoint() {
        assertEquals(Verdict.LEVEL, flagged(Verdict.LEVEL).ruleBroken(Verdict.LIMIT).reason());
        assertEquals(Verdict.TREND, flagged(Verdict.TREND).ruleBroken(Verdict.CHANGE).reason());
        assertEquals(Verdict.LIMIT, flagged(Verdict.SHAPE).ruleBroken(Verdict.LIMIT).reason());
        assertEquals(Verdict.CHANGE, flagged(Verdict.VALUE).ruleBroken(Verdict.CHANGE).reason());
    }

    @Test
    void onlyTheRulesConditionsAreByRule() {
        assertTrue(Verdict.byRule(Verdict.LIMIT));
        assertTrue(Verdict.byRule(Verdict.CHANGE));
        assertFalse(Verdict.byRule(Verdict.VALUE));
        assertFalse(Verdict.byRule(null));
    }

    private static Verdict flagged(String reason) {
        return new Verdict(230, 225, 235, true, 0.7, 4, false, reason);
    }
}
