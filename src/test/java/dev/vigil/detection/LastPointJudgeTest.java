package dev.vigil.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.detection.batch.BatchDetector;
import dev.vigil.detection.batch.BatchSettings;
import dev.vigil.detection.batch.PointResult;
import dev.vigil.detection.fixtures.DailyKpi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The batch engine judging a coarse series' newest value as the last point of its history. */
class LastPointJudgeTest {

    private static final long MONDAY = 1_791_158_400L; // 2026-10-05T00:00:00Z, a Monday
    private final LastPointJudge judge = new LastPointJudge(96);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void aSpikeOnTheLastDayOfFiveWeeksIsFlaggedAsAValue(long seed) {
        double[] v = DailyKpi.values(36, seed);
        v[35] += 400; // a weekday (day 35 is a Monday) at 1,400
        Verdict verdict = judge.judge(DailyKpi.times(36, MONDAY), v, DailyKpi.DAY);
        assertTrue(verdict.anomaly(), verdict.toString());
        assertEquals(Verdict.VALUE, verdict.reason());
        assertEquals(1000, verdict.expected(), 60);
        assertTrue(verdict.severity() >= 0.5 && verdict.score() > 1, verdict.toString());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void anOrdinaryWeekendDayIsNot(long seed) {
        double[] v = DailyKpi.values(34, seed); // day 33 is a Saturday: 600 is normal there
        Verdict verdict = judge.judge(DailyKpi.times(34, MONDAY), v, DailyKpi.DAY);
        assertFalse(verdict.anomaly(), verdict.toString());
        assertFalse(verdict.warmingUp());
        assertEquals(600, verdict.expected(), 60);
    }

    @Test
    void fewerThanTwelvePointsWarmUp() {
        assertTrue(judge.judge(DailyKpi.times(11, MONDAY), DailyKpi.values(11, 1), DailyKpi.DAY).warmingUp());
        assertFalse(judge.judge(DailyKpi.times(12, MONDAY), DailyKpi.values(12, 1), DailyKpi.DAY).warmingUp());
    }

    @Test
    void theJudgeIsTheApisLastPointDetectionAtTheMappedSensitivity() {
        double[] v = DailyKpi.values(36, 9);
        v[35] += 200;
        Verdict verdict = judge.judge(DailyKpi.times(36, MONDAY), v, DailyKpi.DAY);
        // no gaps: the same series the API's last-detect is given with granularity daily and sensitivity 99
        PointResult api = BatchDetector.detectLast(v, new BatchSettings(7, 99, 0.25, false));
        assertEquals(7, api.period());
        assertEquals(api.expected(), verdict.expected(), 1e-9);
        assertEquals(api.expected() + api.upperMargin(), verdict.upper(), 1e-9);
        assertEquals(api.anomaly(), verdict.anomaly());
    }

    @Test
    void aMissingDayIsFilledAndReadingsOffTheDayGridAreJudgedInOrder() {
        long[] t = DailyKpi.times(37, MONDAY);
        double[] v = DailyKpi.values(37, 4);
        long[] gap = new long[36];
        double[] gv = new double[36];
        for (int i = 0, k = 0; i < 37; i++) {
            if (i != 20) {
                gap[k] = t[i];
                gv[k++] = v[i];
            }
        }
        gv[35] += 400;
        assertTrue(judge.judge(gap, gv, DailyKpi.DAY).anomaly());
        gap[10] += 300; // one reading a window late
        assertFalse(judge.judge(gap, gv, DailyKpi.DAY).warmingUp());
    }

    @Test
    void aFlatSeriesIsJudgedWithoutFailing() {
        double[] v = new double[30];
        java.util.Arrays.fill(v, 5);
        Verdict verdict = judge.judge(DailyKpi.times(30, MONDAY), v, DailyKpi.DAY);
        assertFalse(verdict.anomaly());
        v[29] = 50;
        assertTrue(judge.judge(DailyKpi.times(30, MONDAY), v, DailyKpi.DAY).anomaly());
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LastPointJudge(100));
        assertThrows(IllegalArgumentException.class, () -> judge.judge(new long[2], new double[3], 1));
        assertThrows(IllegalArgumentException.class, () -> judge.judge(new long[3], new double[3], 0));
    }
}
