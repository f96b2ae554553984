package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectrumPeriodTest {

    @Test
    void findsANoisyDailyCycleOfHourlyData() {
        Random r = new Random(1);
        double[] x = new double[240];
        for (int i = 0; i < x.length; i++) {
            x[i] = 10 + 3 * Math.sin(2 * Math.PI * i / 24) + 0.3 * r.nextGaussian();
        }
        assertEquals(24, SpectrumPeriod.detect(x));
    }

    @Test
    void aFourPointCycleIsFoundAsItsDoubleBecauseOnlyLagsAboveFourCount() {
        // the service's correlogram keeps lags strictly between 4 and n/3; subsampling every 8 points leaves a
        // constant series, so no further factor is found
        double[] x = new double[48];
        for (int i = 0; i < x.length; i++) {
            x[i] = 10 + i % 4;
        }
        assertEquals(8, SpectrumPeriod.detect(x));
    }

    @Test
    void aCycleOfCyclesIsVerifiedOnTheSubsampledSeries() {
        // a 5-point ripple whose amplitude repeats every 4 ripples: lag 5 wins, every 5th point then cycles with 4
        double[] x = new double[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 5) * (1 + (i / 5) % 4);
        }
        assertEquals(20, SpectrumPeriod.detect(x));
    }

    @Test
    void noiseShortSeriesAndTwoCyclesGiveNone() {
        Random r = new Random(2);
        double[] noise = new double[300];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = r.nextGaussian();
        }
        assertEquals(0, SpectrumPeriod.detect(noise));
        assertEquals(0, SpectrumPeriod.detect(new double[] {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2}));
        assertEquals(0, SpectrumPeriod.detect(new double[40]));
    }
}
