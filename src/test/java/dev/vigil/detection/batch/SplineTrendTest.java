package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplineTrendTest {

    @Test
    void aStraightLineIsItsOwnTrend() {
        double[] x = new double[300];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 + 0.5 * i;
        }
        double[] t = SplineTrend.fit(x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], t[i], 1e-6);
        }
    }

    @Test
    void theilSenSlopeOfLongWindowsMatchesTheFullList() {
        java.util.Random r = new java.util.Random(3);
        for (int m : new int[]{201, 300, 665, 1000}) {
            double[] f = new double[m + 10];
            for (int i = 0; i < f.length; i++) {
                f[i] = (m % 2 == 0 ? Math.sin(i / 30.0) * 5 : 0.01 * i) + r.nextGaussian() + (r.nextInt(50) == 0 ? 40 : 0);
            }
            java.util.List<Double> all = new java.util.ArrayList<>();
            for (int i = 5; i < m + 5; i++) {
                for (int j = i + 1; j < m + 5; j++) {
                    all.add((f[j] - f[i]) / (j - i));
                }
            }
            double[] a = all.stream().mapToDouble(Double::doubleValue).toArray();
            assertEquals(Filters.median(a), SplineTrend.theilSenSlope(f, 5, m + 5), 1e-12);
        }
    }

    @Test
    void theilSenSlopeIgnoresOneWildPoint() {
        double[] x = {0, 1, 2, 3, 100, 5, 6};
        assertEquals(1, SplineTrend.theilSenSlope(x, 0, x.length), 1e-12);
    }

    @Test
    void aRecentDipPullsTheTrendAtTheEnd() {
        // the coarse spline follows a dip just before the end; its straightened end carries the slope on
        double[] x = new double[24];
        Arrays.fill(x, 1);
        x[20] = 0;
        x[21] = 0;
        x[22] = 0;
        double[] t = SplineTrend.fit(x);
        assertTrue(t[23] < 0.5, "end of trend " + t[23]);
        assertEquals(1, t[5], 0.2);
    }

    @Test
    void shortSeriesGetTheirMean() {
        double[] t = SplineTrend.fit(new double[] {1, 2, 3, 4, 5});
        assertEquals(3, t[0], 1e-12);
        assertEquals(3, t[4], 1e-12);
    }
}
