package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of the seasonal model's decomposition that do not depend on any golden case. */
class ReferenceStlTest {

    @Test
    void sharesOnePatternAndKeepsASpikeInTheRemainder() {
        double[] x = Synthetic.spike(Synthetic.seasonal(24 * 8, 24, 50, 5, 0.2, 4), 100, 30);
        SeasonalDecomposition d = ReferenceStl.periodicRobust(x, 24);
        // the reference program's low-pass step (interpolated loess) leaves the cycles equal only to ~1e-8
        for (int i = 24; i < x.length; i++) {
            assertEquals(d.seasonal()[i - 24], d.seasonal()[i], 1e-6, "seasonal at " + i);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(5 * Math.sin(2 * Math.PI * i / 24), d.seasonal()[i], 0.3, "seasonal at " + i);
        }
        assertTrue(d.remainder()[100] > 28, "remainder " + d.remainder()[100]);
    }

    @Test
    void theSeasonalModelReproducesANoiseFreeCycleAroundOneAnomaly() {
        // a narrow bump per cycle: values near 0 at the cycle edges, where a 1 % tolerance is tight
        int period = 94;
        double[] x = new double[period * 4];
        for (int i = 0; i < x.length; i++) {
            double phase = (i % period - period / 2.0) / 12;
            x[i] = 40 * Math.exp(-phase * phase / 2);
        }
        x[249] = 500;
        double[] e = SeasonalSeries.decompose(x, period, false).expected();
        for (int i = 0; i < x.length; i++) {
            double clean = i == 249 ? x[249 - period] : x[i];
            assertEquals(clean, e[i], Math.max(1e-8, 0.01 * Math.abs(clean)), "expected at " + i);
        }
    }

    @Test
    void aCycleThatGrowsWithTheLevelIsModelledOnALogScale() {
        int n = 24 * 20;
        double[] x = new double[n];
        double[] clean = new double[n];
        Random r = new Random(9);
        for (int i = 0; i < n; i++) {
            clean[i] = 10 * Math.exp(0.01 * i) * (1 + 0.9 * Math.sin(2 * Math.PI * i / 24));
            x[i] = clean[i] * (1 + 0.01 * r.nextGaussian());
        }
        double[] e = SeasonalSeries.decompose(x, 24, false).expected();
        for (int i = 0; i < n; i++) {
            assertEquals(clean[i], e[i], 0.03 * clean[i], "expected at " + i);
        }
    }
}
