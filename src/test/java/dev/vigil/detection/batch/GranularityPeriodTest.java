package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GranularityPeriodTest {

    /** Four weeks of a daily metric with weekend dips: the weekly cycle, with too few cycles for a spectrum. */
    @Test
    void shortDailySeriesWithWeekendDipsIsWeekly() {
        Random rnd = new Random(7);
        double[] x = new double[29];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7 == 4 || i % 7 == 5 ? 0.72 : 0.78) + 0.005 * rnd.nextGaussian();
        }
        assertEquals(7, GranularityPeriod.detect(x, Granularity.DAILY, 1));
    }

    /** A daily cycle in hourly data is promoted to the standard weekly cycle once three weeks are there. */
    @Test
    void hourlyDailyCycleBecomesWeekly() {
        Random rnd = new Random(3);
        double[] x = new double[24 * 21];
        for (int i = 0; i < x.length; i++) {
            x[i] = 10 + 5 * Math.sin(2 * Math.PI * i / 24) + 0.3 * rnd.nextGaussian();
        }
        assertEquals(168, GranularityPeriod.detect(x, Granularity.HOURLY, 1));
        // two weeks only: the weekly cycle does not fit more than twice, the daily one stays
        assertEquals(24, GranularityPeriod.detect(java.util.Arrays.copyOf(x, 24 * 14), Granularity.HOURLY, 1));
    }

    @Test
    void noiseAndYearlyDataHaveNoCalendarCycle() {
        Random rnd = new Random(5);
        double[] x = new double[200];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        assertEquals(0, GranularityPeriod.detect(x, Granularity.DAILY, 1));
        assertEquals(0, GranularityPeriod.detect(x, Granularity.YEARLY, 1));
    }
}
