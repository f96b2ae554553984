package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.detection.Detectors;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.evaluation.TuningSweep;
import dev.vigil.detection.DetectorSettings;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which flags repeat their hour of the week, and what the detector makes of a sharp weekly step (plain JUnit). */
class WeeklyRecurrenceTest {

    /** Saturday 2023-11-25 00:00 UTC. */
    private static final long SATURDAY = 1_700_870_400L;
    private static final long WEEK = 604_800;

    private static long week(int k, long minutes) {
        return SATURDAY + k * WEEK + minutes * 60;
    }

    /** Flags of 34 on Saturday at 00:00 of these weeks (a week given twice: two flags in its visit). */
    private static WeeklyRecurrence flaggedInWeeks(int... weeks) {
        WeeklyRecurrence r = new WeeklyRecurrence();
        int last = -1;
        for (int w : weeks) {
            r.flagRecurs(week(w, w == last ? 20 : 0), 3, 34.0, 6);
            last = w;
        }
        return r;
    }

    @Test
    void aFlagAtTheSameHourAndValueInThreeOfFourEarlierWeeksIsAPattern() {
        WeeklyRecurrence r = new WeeklyRecurrence();
        assertFalse(r.flagRecurs(week(0, 0), 3, 34.0, 6));
        assertFalse(r.flagRecurs(week(1, 5), 3, 35.0, 6));
        assertFalse(r.flagRecurs(week(2, 0), 3, 33.0, 6), "two earlier weeks are not yet a pattern");
        assertTrue(r.flagRecurs(week(3, 55), 3, 36.0, 6), "anywhere in the same hour");
        assertFalse(r.flagRecurs(week(4, 60), 3, 36.0, 6), "the next hour is another slot");
        assertTrue(r.flagRecurs(week(5, 0), 3, 34.0, 6), "weeks 1, 2 and 3 of the four before");
    }

    @Test
    void anOutageAtARecurringHourReadsAnotherValue() {
        WeeklyRecurrence r = flaggedInWeeks(0, 1, 2);
        assertFalse(r.flagRecurs(week(3, 0), 3, 0.0, 6), "far from the value flagged there");
        assertFalse(r.flagRecurs(week(4, 0), 3, 34.0, 6), "the outage's value is now the last flagged there");
    }

    @Test
    void flagsOfOneVisitCountOnceAndOldWeeksAreForgotten() {
        WeeklyRecurrence r = flaggedInWeeks(0, 0, 1);
        assertFalse(r.flagRecurs(week(2, 0), 3, 34.0, 6), "three flags in two weeks are two weeks");
        WeeklyRecurrence old = flaggedInWeeks(0, 1, 2);
        assertFalse(old.flagRecurs(week(6, 0), 3, 34.0, 6), "weeks 0 to 2 lie beyond the last four");
        assertFalse(old.flagRecurs(week(30, 0), 1, 34.0, 6), "beyond the mask's memory");
    }

    @Test
    void theStateSurvivesASnapshot() {
        WeeklyRecurrence r = flaggedInWeeks(0, 1, 2);
        ByteBuffer b = ByteBuffer.allocate(WeeklyRecurrence.bytes());
        r.write(b);
        b.flip();
        WeeklyRecurrence back = new WeeklyRecurrence();
        back.read(b);
        assertTrue(back.flagRecurs(week(3, 0), 3, 34.0, 6));
    }

    /**
     * A daily cycle whose weekends lie 40 lower (noise 2, 5-minute windows, 10 series of 9 weeks): the first values of
     * each weekend were flagged every week (v12: 20 of 20 series a week); from the fourth weekend they are a pattern.
     * A real outage at the same hour is still flagged.
     */
    @Test
    void aSharpWeeklyStepStopsAlertingAndAnOutageThereStillDoes() {
        int[] withRecurrence = weekendFlags(Detectors.standard().create(300), -1);
        int[] without = weekendFlags(new LikelihoodDetectorKind(DetectorSettings.defaults(),
                TuningSweep.parse("weeklyRecurrence=0")).create(300), -1);
        int late = 0;
        int lateWithout = 0;
        for (int w = 3; w < withRecurrence.length; w++) {
            late += withRecurrence[w];
            lateWithout += without[w];
        }
        System.out.printf("weekend-start flags per week, 10 series: %s (recurrence off: %s)%n",
                java.util.Arrays.toString(withRecurrence), java.util.Arrays.toString(without));
        assertTrue(lateWithout >= 40, "the step must be flagged week after week without it, or this proves little: "
                + lateWithout);
        assertTrue(late <= lateWithout / 4, late + " flags in weeks 3 to 8 against " + lateWithout);
        int[] outage = weekendFlags(Detectors.standard().create(300), 7);
        assertTrue(outage[7] >= 8, "an outage at the recurring hour in week 7 is flagged in most series: " + outage[7]);
    }

    /** Flags within the first hour of each weekend over 10 series; in {@code outageWeek} that hour reads 0. */
    private static int[] weekendFlags(StreamingDetector first, int outageWeek) {
        int weeks = 9;
        int[] flags = new int[weeks];
        for (int seed = 0; seed < 10; seed++) {
            StreamingDetector d = seed == 0 ? first : first.kind().create(300);
            Random r = new Random(seed);
            for (int i = 0; i < weeks * 2016; i++) {
                int inWeek = i % 2016; // from Monday 00:00
                double hour = (i % 288) / 12.0;
                double v = 100 + 30 * Math.sin(2 * Math.PI * (hour - 8) / 24) + 2 * r.nextGaussian()
                        - (inWeek >= 5 * 288 ? 40 : 0);
                boolean weekendStart = inWeek >= 5 * 288 && inWeek < 5 * 288 + 12;
                if (i / 2016 == outageWeek && weekendStart) {
                    v = 0;
                }
                Verdict x = d.observe(MONDAY + i * 300L, v);
                if (x.anomaly() && weekendStart) {
                    flags[i / 2016]++;
                }
            }
        }
        return flags;
    }

    /** Monday 2023-11-20 00:00 UTC. */
    private static final long MONDAY = 1_700_438_400L;
}
