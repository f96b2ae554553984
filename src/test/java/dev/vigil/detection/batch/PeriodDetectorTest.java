package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeriodDetectorTest {

    // whole cycles except 7/200 and 12/1201: the answer is n/k rounded, so a partial last cycle can move it by one
    @ParameterizedTest
    @CsvSource({"24, 720", "7, 200", "12, 1201", "168, 1008", "4, 48"})
    void findsTheCycleOfANoisySine(int period, int n) {
        assertEquals(period, PeriodDetector.detect(Synthetic.seasonal(n, period, 100, 10, 1, period)));
    }

    @Test
    void aSpikeDoesNotHideTheCycle() {
        double[] x = Synthetic.spike(Synthetic.seasonal(96, 8, 10, 3, 0.1, 1), 50, 200);
        assertEquals(8, PeriodDetector.detect(x));
    }

    @Test
    void noiseConstantAndShortSeriesHaveNoPeriod() {
        assertEquals(0, PeriodDetector.detect(Synthetic.flat(500, 5, 1, 2)));
        assertEquals(0, PeriodDetector.detect(new double[100]));
        assertEquals(0, PeriodDetector.detect(new double[] {1, 2, 1, 2, 1, 2}));
    }

    @Test
    @Tag("statistical")
    void recoversTheDailyCycleOfHourlyDataAcrossSeeds() {
        int hits = 0;
        for (long seed = 0; seed < 20; seed++) {
            hits += PeriodDetector.detect(Synthetic.seasonal(24 * 14, 24, 50, 5, 2, seed)) == 24 ? 1 : 0;
        }
        assertEquals(20, hits);
    }
}
