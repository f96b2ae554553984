package dev.vigil.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A verdict whose value broke a rule's limits: flagged at full severity, a change point keeping its reason. */
class VerdictLimitTest {

    @Test
    void aLimitFlagsWhatTheDetectorDidNotAlsoWhileWarmingUp() {
        Verdict quiet = new Verdict(230, 225, 235, false, 0, 0.4, false);
        Verdict broken = quiet.limitBroken();
        assertTrue(broken.anomaly());
        assertEquals(1, broken.severity());
        assertEquals(Verdict.LIMIT, broken.reason());
        assertEquals(225, broken.lower());
        assertEquals(235, broken.upper());

        Verdict young = Verdict.insufficientHistory().limitBroken();
        assertTrue(young.anomaly());
        assertFalse(young.warmingUp());
        assertEquals(Verdict.LIMIT, young.reason());
    }

    @Test
    void aChangePointBeyondALimitStaysAChangePoint() {
        assertEquals(Verdict.LEVEL, new Verdict(230, 225, 235, true, 0.7, 4, false, Verdict.LEVEL).limitBroken()
                .reason());
        assertEquals(Verdict.TREND, new Verdict(230, 225, 235, true, 0.7, 4, false, Verdict.TREND).limitBroken()
                .reason());
        assertEquals(Verdict.LIMIT, new Verdict(230, 225, 235, true, 0.7, 4, false, Verdict.SHAPE).limitBroken()
                .reason());
    }
}
