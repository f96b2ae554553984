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
        SeasonalDecomposition d = Stl.decompose(x, 24, 7, 2, 1);
        for (int i = 30; i < n - 30; i++) {
            assertEquals(0.05 * i, d.trend()[i], 0.05, "trend at " + i);
            assertEquals(3 * Math.sin(2 * Math.PI * i / 24), d.seasonal()[i], 0.05, "seasonal at " + i);
        }
    }

    @Test
    void theRobustnessPassKeepsAMidSeriesSpikeInTheRemainder() {
        double[] x = Synthetic.spike(Synthetic.seasonal(24 * 8, 24, 50, 5, 0.2, 4), 100, 30);
        SeasonalDecomposition d = Stl.decompose(x, 24, 3, 2, 1);
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
        SeasonalDecomposition d = Stl.decompose(x, 12, 3, 2, 1);
        assertEquals(2, d.trend()[120] + d.seasonal()[120], 0.2);
    }
}
