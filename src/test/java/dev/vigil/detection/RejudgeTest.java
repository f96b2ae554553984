package dev.vigil.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rejudge: a revised window against the band predicted for it. */
class RejudgeTest {

    @Test
    void rejudgeMeasuresARevisedValueAgainstTheOriginalBand() {
        Verdict original = new Verdict(10, 8, 12, false, 0, 0.1, false);
        Verdict inside = Rejudge.against(original, 11);
        assertFalse(inside.anomaly());
        Verdict far = Rejudge.against(original, 16);
        assertTrue(far.anomaly());
        assertEquals(1.0, far.severity());
        assertEquals(0.5, Rejudge.against(original, 13).severity(), 1e-12);
        assertTrue(Rejudge.against(Verdict.insufficientHistory(), 99).warmingUp());
    }
}
