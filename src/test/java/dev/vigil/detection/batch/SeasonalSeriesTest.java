package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeasonalSeriesTest {

    @Test
    void referenceStlReproducesACycleOnALine() {
        double[] x = new double[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 + 0.01 * i + Math.sin(2 * Math.PI * i / 12);
        }
        SeasonalDecomposition d = ReferenceStl.periodicRobust(x, 12);
        for (int i = 0; i < x.length; i++) {
            assertEquals(0, d.remainder()[i], 1e-9);
            assertEquals(3 + 0.01 * i, d.trend()[i], 1e-9);
        }
    }

    @Test
    void noisySpikeAtTheEndIsJudgedAgainstTheCycle() {
        double[] x = Synthetic.spike(Synthetic.seasonal(24 * 7, 24, 100, 20, 0.5, 11), 24 * 7 - 1, 40);
        SeasonalSeries.Result r = SeasonalSeries.detect(x, 24, 0.25, 0.05, true);
        int last = x.length - 1;
        assertTrue(r.anomaly()[last]);
        assertEquals(100 + 20 * Math.sin(2 * Math.PI * last / 24), r.expected()[last], 2);
    }

    /**
     * The construction of Microsoft's golden last-point sine cases: a deviation ending a noise-free cycle. The
     * service's expected value (1.9227148158811833 in the golden case) absorbs most of it, because the reference
     * STL's robustness weights of the exact points are decided by rounding noise.
     */
    @Test
    void deviationEndingANoiseFreeSineIsMostlyAbsorbed() {
        double[] x = new double[121];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(2 * Math.PI * i / 12);
        }
        x[120] = 2;
        PointResult r = BatchDetector.detectLast(x, new BatchSettings(12, 99, 0.25, false));
        assertTrue(r.anomaly() && r.positive());
        assertEquals(1.9227, r.expected(), 1e-3);
    }

    /** A spike ending a noise-free pulse cycle: the decomposition cannot absorb it, the cycle's value is expected. */
    @Test
    void spikeEndingANoiseFreePulseIsJudgedAgainstThePulse() {
        int p = 40;
        double[] x = new double[9 * p + 1];
        for (int i = 0; i < x.length; i++) {
            double u = (i % p - 20) / 6.0;
            x[i] = 40 * Math.exp(-u * u);
        }
        double clean = x[x.length - 1];
        x[x.length - 1] = 100;
        PointResult r = BatchDetector.detectLast(x, new BatchSettings(p, 100, 0.25, false));
        assertTrue(r.anomaly() && r.positive());
        assertEquals(clean, r.expected(), 0.1);
    }

    @Test
    void outliersSkipPhasesThatAreAlwaysHigh() {
        double[] v = new double[70];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 7 == 3 ? 10 : (i % 2) * 0.1;
        }
        v[40] = 30;
        boolean[] out = SeasonalSeries.outliers(v, 7);
        assertTrue(out[40]);
        for (int i = 3; i < v.length; i += 7) {
            assertFalse(out[i]);
        }
    }

    @Test
    void entireDetectionFlagsTheSpike() {
        double[] x = Synthetic.spike(Synthetic.seasonal(24 * 7, 24, 100, 20, 0.5, 11), 100, 40);
        SeasonalSeries.Result r = SeasonalSeries.detect(x, 24, 0.25, 0.05, false);
        assertTrue(r.anomaly()[100]);
        // the z-score test also flags noise beyond 3 robust sigmas (σ = 0.5 here), as the service does
        for (int i = 0; i < x.length; i++) {
            if (i != 100 && r.anomaly()[i]) {
                assertTrue(Math.abs(x[i] - r.expected()[i]) < 4 * 0.5, "point " + i);
            }
        }
        assertEquals(100 + 20 * Math.sin(2 * Math.PI * 100 / 24), r.expected()[100], 2);
    }
}
