package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StlTest {

    @Test
    void separatesALinearTrendFromASine() {
        int n = 24 * 8;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.05 * i + 3 * Math.sin(2 * Math.PI * i / 24);
        }
        SeasonalDecomposition d = Stl.decompose(x, 24, 7, 2, 1, false);
        for (int i = 30; i < n - 30; i++) {
            assertEquals(0.05 * i, d.trend()[i], 0.05, "trend at " + i);
            assertEquals(3 * Math.sin(2 * Math.PI * i / 24), d.seasonal()[i], 0.05, "seasonal at " + i);
        }
    }

    @Test
    void theRobustnessPassKeepsAMidSeriesSpikeInTheRemainder() {
        double[] x = Synthetic.spike(Synthetic.seasonal(24 * 8, 24, 50, 5, 0.2, 4), 100, 30);
        SeasonalDecomposition d = Stl.decompose(x, 24, 3, 2, 1, false);
        assertTrue(d.remainder()[100] > 25, "remainder " + d.remainder()[100]);
    }

    @Test
    void anExactPatternsEndPointPullsTheFit() {
        // the behaviour last-detect relies on: with zero residual noise there is nothing to down-weight against
        double[] x = new double[121];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.cos(2 * Math.PI * i / 12);
        }
        x[120] = 2;
        SeasonalDecomposition d = Stl.decompose(x, 12, 3, 2, 1, false);
        assertEquals(2, d.trend()[120] + d.seasonal()[120], 0.2);
    }

    @Test
    void thePeriodicFormReproducesANoiseFreeCycleAroundOneAnomaly() {
        // a narrow bump per cycle: values near 0 at the cycle edges, where a 5 % tolerance is tight
        int period = 94;
        double[] x = new double[period * 4];
        for (int i = 0; i < x.length; i++) {
            double phase = (i % period - period / 2.0) / 12;
            x[i] = 40 * Math.exp(-phase * phase / 2);
        }
        x[249] = 500;
        SeasonalDecomposition d = Stl.decompose(x, period, Stl.PERIODIC, 1, 15, true);
        double[] e = d.expected();
        for (int i = 0; i < x.length; i++) {
            double clean = i == 249 ? x[249 - period] : x[i];
            assertEquals(clean, e[i], Math.max(1e-8, 0.01 * Math.abs(clean)), "expected at " + i);
        }
        assertEquals(500 - x[249 - period], d.remainder()[249], 1e-6);
    }

    @Test
    void thePeriodicFormSharesOnePatternAndKeepsASpikeInTheRemainder() {
        double[] x = Synthetic.spike(Synthetic.seasonal(24 * 8, 24, 50, 5, 0.2, 4), 100, 30);
        SeasonalDecomposition d = Stl.decompose(x, 24, Stl.PERIODIC, 1, 15, true);
        for (int i = 24; i < x.length; i++) {
            assertEquals(d.seasonal()[i - 24], d.seasonal()[i], 1e-9, "seasonal at " + i);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(5 * Math.sin(2 * Math.PI * i / 24), d.seasonal()[i], 0.3, "seasonal at " + i);
        }
        assertTrue(d.remainder()[100] > 28, "remainder " + d.remainder()[100]);
    }
}
