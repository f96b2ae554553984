package dev.vigil.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The week-over-week size of a level move told by feedback. */
class LevelMoveTest {

    private static final long STEP = 300;
    private static final int DAY = 288;

    @Test
    void theMedianOfTheDifferencesToTheSameTimeAWeekBefore() {
        long w = LevelMove.WEEK;
        long[] before = {0, STEP, 2 * STEP, 3 * STEP};
        double[] beforeValues = {10, 20, 30, 40};
        // the third value has no partner (a gap a week before); the fourth is a wild one the median ignores
        long[] after = {w, w + STEP, w + 7 * STEP, w + 3 * STEP};
        double[] afterValues = {12, 22, 99, 1000};
        assertEquals(2, LevelMove.weekOverWeek(before, beforeValues, after, afterValues), 1e-12);
        assertEquals(2, LevelMove.weekOverWeek(before, beforeValues, new long[] {w, w + STEP},
                new double[] {12, 22}), 1e-12, "an even count: the middle two's mean");
    }

    @Test
    void nothingAWeekBeforeMeasuresNothing() {
        assertTrue(Double.isNaN(LevelMove.weekOverWeek(new long[] {0}, new double[] {1}, new long[] {STEP},
                new double[] {2})));
        assertTrue(Double.isNaN(LevelMove.weekOverWeek(new long[0], new double[0], new long[0], new double[0])));
        assertThrows(IllegalArgumentException.class, () -> LevelMove.weekOverWeek(new long[] {0}, new double[0],
                new long[0], new double[0]));
    }

    /**
     * Weekdays at 10, weekends 4 lower, a step of 1 on a Monday: the week-over-week move is the step; measured against
     * what the standard detector learned (its daily profile holds Saturday and Sunday still) it is more than twice it,
     * the defect this measurement replaces for feedback.
     */
    @Test
    void aWeeklyRhythmDoesNotBiasTheMove() {
        Random r = new Random(11);
        int change = 18 * DAY + 96; // day 0 a Thursday: day 18 a Monday, 08:00
        int told = change + DAY;
        long base = 1_790_812_800L; // 2026-10-01T00:00Z, a Thursday
        double[] v = new double[told];
        long[] t = new long[told];
        for (int i = 0; i < told; i++) {
            int weekday = i / DAY % 7;
            t[i] = base + i * STEP;
            v[i] = 10 + 2 * Math.sin(2 * Math.PI * (i % DAY) / DAY) - (weekday == 2 || weekday == 3 ? 4 : 0)
                    + (i >= change ? 1 : 0) + r.nextDouble() * 0.2;
        }
        long[] beforeT = java.util.Arrays.copyOfRange(t, change - 7 * DAY, change);
        double[] beforeV = java.util.Arrays.copyOfRange(v, change - 7 * DAY, change);
        long[] afterT = java.util.Arrays.copyOfRange(t, change, told);
        double[] afterV = java.util.Arrays.copyOfRange(v, change, told);
        double move = LevelMove.weekOverWeek(beforeT, beforeV, afterT, afterV);
        assertEquals(1.0, move, 0.05);

        StreamingDetector d = Detectors.standard().create(STEP);
        for (int i = 0; i < told; i++) {
            d.observe(t[i], v[i]);
        }
        StreamingDetector copy = Detectors.standard().restore(d.snapshot());
        double fromProfiles = copy.rebase(afterT, afterV);
        assertTrue(fromProfiles > 2, "the daily profile's own reading: " + fromProfiles);
        assertEquals(move, d.rebase(afterT, afterV, move), 0, "a measured move is taken as it is");
    }
}
