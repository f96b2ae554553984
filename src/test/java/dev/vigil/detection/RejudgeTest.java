package dev.vigil.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rejudge: a revised window against the verdict and band given for it earlier (band 8 to 12: half-width 2). */
class RejudgeTest {

    private static final Verdict PASSED = new Verdict(10, 8, 12, false, 0, 0.1, false);

    @Test
    void theSameValueKeepsItsVerdictEvenOutsideTheBand() {
        // the detector passed 12.5 (outside the band, under its own flag threshold): a re-sent reading keeps that
        Verdict passedOutside = new Verdict(10, 8, 12, false, 0, 2.1, false);
        assertSame(passedOutside, Rejudge.against(passedOutside, 12.5, 12.5));
        Verdict flagged = new Verdict(10, 8, 12, true, 0.62, 4.9, false, Verdict.SHAPE);
        assertSame(flagged, Rejudge.against(flagged, 11, 11));
    }

    @Test
    void aPassedValueNeedsTwiceTheHalfWidthAndAHalfWidthBeyondItself() {
        assertFalse(Rejudge.against(PASSED, 10.5, 11).anomaly());
        // outside the band, under twice the half-width: the old band-only rule flagged this at severity 0.25
        assertFalse(Rejudge.against(PASSED, 10.5, 12.5).anomaly());
        assertFalse(Rejudge.against(PASSED, 10.5, 13.9).anomaly());
        Verdict at = Rejudge.against(PASSED, 10.5, 14);
        assertTrue(at.anomaly());
        assertEquals(0.5, at.severity(), 1e-12);
        assertEquals(Verdict.VALUE, at.reason());
        assertEquals(1.0, Rejudge.against(PASSED, 10.5, 16).severity(), 1e-12);
        assertEquals(0.75, Rejudge.against(PASSED, 10.5, 5).severity(), 1e-12);
        // passed at 13.5 (1.75 half-widths out): 14.5 is a half-width further only, 15.5 is news
        assertFalse(Rejudge.against(PASSED, 13.5, 14.5).anomaly());
        assertEquals(0.5, Rejudge.against(PASSED, 13.5, 15.5).severity(), 1e-12);
        // the other side has no such allowance
        assertTrue(Rejudge.against(PASSED, 13.5, 6).anomaly());
    }

    @Test
    void anAnomalyStaysUnlessTheRevisionMovesItBack() {
        Verdict flagged = new Verdict(10, 8, 12, true, 0.7, 5.2, false, Verdict.LEVEL);
        Verdict further = Rejudge.against(flagged, 15, 17);
        assertTrue(further.anomaly());
        assertEquals(0.7, further.severity(), 1e-12);
        assertEquals(Verdict.LEVEL, further.reason());
        assertTrue(Rejudge.against(flagged, 15, 14.2).anomaly(), "less than a half-width back");
        Verdict back = Rejudge.against(flagged, 15, 13);
        assertFalse(back.anomaly(), "a half-width or more back, under twice the half-width");
        assertEquals(0, back.severity());
        assertFalse(Rejudge.against(flagged, 15, 10).anomaly());
    }

    @Test
    void warmingUpStaysAndValuesMustBeFinite() {
        assertTrue(Rejudge.against(Verdict.insufficientHistory(), 1, 99).warmingUp());
        assertThrows(IllegalArgumentException.class, () -> Rejudge.against(PASSED, 10, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Rejudge.against(PASSED, Double.POSITIVE_INFINITY, 10));
    }
}
