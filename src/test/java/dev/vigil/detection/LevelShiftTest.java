package dev.vigil.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.detection.fixtures.DailyKpi;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LevelShiftTest {

    private static final long MONDAY = 1_791_158_400L; // 2026-10-05T00:00:00Z

    /** A flat daily level of 100 (a small jitter gives it a σ), up 30 from day 70 except for one day back at 100. */
    private static double[] stepWithAHole(int days) {
        double[] x = new double[days];
        for (int i = 0; i < days; i++) {
            x[i] = 100 + (i % 3 - 1) * 0.5 + (i >= 70 && i != 74 ? 30 : 0);
        }
        return x;
    }

    @Test
    void aStepIsConfirmedOnItsFourthDayAndItsReturnAfterADayBackIsARepeat() {
        double[] x = stepWithAHole(90);
        assertEquals(70, LevelShift.latest(Arrays.copyOf(x, 74), 7));
        assertFalse(LevelShift.repeats(Arrays.copyOf(x, 74), 70, 7));
        // day 74 back at the old level breaks the run: days 75 to 78 confirm a start of their own
        assertEquals(75, LevelShift.latest(Arrays.copyOf(x, 79), 7));
        assertTrue(LevelShift.repeats(Arrays.copyOf(x, 79), 75, 7), "the step of day 70, five days before");
    }

    @Test
    void theJudgeReportsTheStepOnceNotAgainAfterTheDayBack() {
        double[] x = stepWithAHole(90);
        long[] t = DailyKpi.times(90, MONDAY);
        LastPointJudge judge = new LastPointJudge(96);
        Verdict first = judge.judge(Arrays.copyOf(t, 74), Arrays.copyOf(x, 74), DailyKpi.DAY);
        assertEquals(Verdict.LEVEL, first.reason(), first.toString());
        assertTrue(first.anomaly() && x[73] > first.upper(), first.toString());
        Verdict again = judge.judge(Arrays.copyOf(t, 79), Arrays.copyOf(x, 79), DailyKpi.DAY);
        assertNotEquals(Verdict.LEVEL, again.reason(), again.toString());
    }
}
