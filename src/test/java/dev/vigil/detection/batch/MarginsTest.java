package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarginsTest {

    private static final double[] X = {100, 101, 99, 100, 130, 100, 102, 98};
    private static final double[] E = {100, 100, 100, 100, 100, 100, 100, 100};

    @Test
    void v1BoundsStopAtTheDataAndUnflaggedOutliersGetABandThatReachesThem() {
        boolean[] flagged = new boolean[X.length];
        flagged[4] = true;
        Margins.Verdict v = Margins.v1(X, E, flagged, null, 50);
        // 50 % of 100 would reach 150: the upper bound is cut to the highest value, 130
        assertEquals(30, v.upper()[0], 1e-12);
        // the lower bound would be raised to the lowest value (98), but every lower bound (50) lies below it and
        // numpy's clip then returns the top of its empty range, the highest lower bound: it stays at 50
        assertEquals(50, v.lower()[0], 1e-12);
        // the flagged 130 lies on its (cut) upper bound, which counts as inside: cleared
        assertFalse(v.anomaly()[4]);
        assertEquals(0, v.severity()[4]);
        // at sensitivity 99 the margin is 1: 102 and 98 are outside without being flagged and get 1.01·distance
        Margins.Verdict tight = Margins.v1(X, E, flagged, null, 99);
        assertTrue(tight.anomaly()[4]);
        assertEquals(0.3, tight.severity()[4], 1e-12);
        assertEquals(2.02, tight.upper()[6], 1e-12);
        assertEquals(2.02, tight.lower()[6], 1e-12);
        assertEquals(2.02, tight.lower()[7], 1e-12);
    }

    @Test
    void atSensitivity100AFlaggedPointInsideItsBandStaysWithZeroMargins() {
        boolean[] flagged = new boolean[X.length];
        flagged[1] = true;
        Margins.Verdict v = Margins.v1(X, E, flagged, null, 100);
        assertTrue(v.anomaly()[1]);
        assertEquals(0, v.upper()[1]);
        assertEquals(0, v.lower()[1]);
    }

    @Test
    void spectralResidualMarginsComeFromTheScoreNotFromTheExpectedValue() {
        boolean[] flagged = new boolean[X.length];
        flagged[4] = true;
        double[] scores = new double[X.length];
        scores[4] = Margins.normalizedScore(5.0); // any raw score ≥ 3.5 normalizes to 1
        assertEquals(1, scores[4]);
        // sensitivity 50: |expected|·50 % would hide the +30 spike; the SR margin is 30·(1 − 0.5)/1 = 15
        assertFalse(Margins.v1(X, E, flagged, null, 50).anomaly()[4]);
        Margins.Verdict v = Margins.v1(X, E, flagged, scores, 50);
        assertTrue(v.anomaly()[4]);
        assertEquals(15, v.upper()[4], 1e-12);
        // normal points: 1 % of the range of the unscored values (98..102)
        assertEquals(0.04, v.upper()[0], 1e-12);
    }

    @Test
    void v2UnitsComeFromTheTrendAndSensitivity99KeepsCloseAnomaliesWithAHalfDistanceMargin() {
        double[] trend = E.clone();
        boolean[] flagged = new boolean[X.length];
        flagged[4] = true;
        flagged[1] = true;
        // unit = |trend|/2 + mean|trend of unflagged|/2 = 100; factor(99) = 0.0003 → delta 0.03
        assertArrayEquals(new double[] {100, 100, 100, 100, 100, 100, 100, 100}, Margins.units(trend, flagged), 0);
        Margins.Verdict v = Margins.v2(X, E, trend, flagged, 99);
        assertTrue(v.anomaly()[4]);
        assertTrue(v.anomaly()[1]);
        // an unflagged point's band reaches it: |x − e| + delta/2 on its side, a third of that on the other
        assertEquals(2 + 0.015, v.upper()[6], 1e-12);
        assertEquals((2 + 0.015) / 3, v.lower()[6], 1e-12);
        // at sensitivity 90 the band is 100·0.1027… ≈ 10.3: the +1 point is no anomaly, the +30 one stays
        Margins.Verdict wide = Margins.v2(X, E, trend, flagged, 90);
        assertFalse(wide.anomaly()[1]);
        assertTrue(wide.anomaly()[4]);
        assertEquals(Margins.score(130, 100, 100) / 100, wide.severity()[4], 1e-12);
    }

    @Test
    void scoreIsThePositionInTheFactorTable() {
        assertEquals(0, Margins.score(100, 100, 1));
        // distance equal to factor[k] (k = sensitivity) sits at 100 − k
        assertEquals(100 - 90, Margins.score(100 + Margins.FACTORS[90], 100, 1), 1e-9);
        assertEquals(100, Margins.score(1e6, 0, 1));
        assertEquals(101, Margins.FACTORS.length);
        assertEquals(0, Margins.FACTORS[100]);
    }

    @Test
    void anAllZeroTrendUsesTheMinimumUnit() {
        double[] unit = Margins.units(new double[4], new boolean[4]);
        assertArrayEquals(new double[] {0.3, 0.3, 0.3, 0.3}, unit, 0);
    }
}
