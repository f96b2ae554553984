package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CalendarPeriodTest {

    @Test
    void fiveMinuteDataWithADailyRhythmOverAMonthGetsTheWeeklyCycle() {
        double[] x = Synthetic.seasonal(8000, 288, 60, 15, 2, 3);
        assertEquals(2016, CalendarPeriod.detect(x, Granularity.MINUTELY, 5));
    }

    @Test
    void hourlyDataShorterThanTwoWeeksKeepsTheDailyCycle() {
        double[] x = Synthetic.seasonal(300, 24, 100, 20, 1, 7);
        assertEquals(24, CalendarPeriod.detect(x, Granularity.HOURLY, 1));
    }

    @Test
    void noiseHasNoCalendarCycleAndYearlyDataIsNeverTried() {
        Random r = new Random(5);
        double[] x = new double[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        assertEquals(0, CalendarPeriod.detect(x, Granularity.HOURLY, 1));
        assertEquals(0, CalendarPeriod.detect(Synthetic.seasonal(100, 12, 10, 5, 0.1, 1), Granularity.YEARLY, 1));
    }

    @Test
    void crossValidatedPhaseMeansExplainAnExactCycleFully() {
        double[] x = new double[48];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 6;
        }
        assertEquals(1, CalendarPeriod.explained(x, 6), 1e-12);
    }
}
