package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalModelTest {

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
        SeasonalDecomposition additive = OutlierRefit.decompose(x, 24,
                y -> Stl.decompose(y, 24, Stl.PERIODIC, 1, 15, true));
        assertTrue(SeasonalModel.meanRelative(additive.remainder(), x) > SeasonalModel.MAPE_HIGH);
        double[] e = SeasonalModel.decompose(x, 24).expected();
        for (int i = 0; i < n; i++) {
            assertEquals(clean[i], e[i], 0.03 * clean[i], "expected at " + i);
        }
    }

    @Test
    void anAdditiveCycleKeepsTheLinearScale() {
        double[] x = Synthetic.seasonal(24 * 10, 24, 100, 20, 0.5, 4);
        SeasonalDecomposition d = SeasonalModel.decompose(x, 24);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], d.expected()[i] + d.remainder()[i], 1e-9);
        }
    }
}
