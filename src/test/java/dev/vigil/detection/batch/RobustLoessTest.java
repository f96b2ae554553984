package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RobustLoessTest {

    @Test
    void followsAQuadraticExactly() {
        double[] x = new double[60];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.05 * i * i - 2 * i + 7;
        }
        double[] fit = RobustLoess.smooth(x, 15, 2);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], fit[i], 1e-6);
        }
    }

    @Test
    void ignoresASpikeAfterRobustnessPasses() {
        double[] x = Synthetic.spike(Synthetic.flat(80, 10, 0.01, 9), 40, 50);
        assertEquals(10, RobustLoess.smooth(x, 25, 2)[40], 0.05);
        // without robustness weights the spike drags the curve up
        assertEquals(true, RobustLoess.smooth(x, 25, 0)[40] > 11);
    }
}
