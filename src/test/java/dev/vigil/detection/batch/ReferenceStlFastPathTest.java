package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cheaper forms inside {@link ReferenceStl} and {@link LoessFits} give the same bits as the plain ones they
 * replace: the service's robustness weights are decided at rounding level, so "close" would not be enough. The plain
 * forms are written out here as the reference program states them.
 */
class ReferenceStlFastPathTest {

    private static double[] noisy(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 100 + 20 * Math.sin(2 * Math.PI * i / 24) + 2 * random.nextGaussian() + (i % 97 == 50 ? 40 : 0);
        }
        return x;
    }

    @Test
    void smoothingFitsInPairsGivesEachFitsOwnBits() {
        int n = 1000;
        double[] y = noisy(n, 1);
        double[] rw = new double[n];
        Random random = new Random(2);
        for (int i = 0; i < n; i++) {
            rw[i] = random.nextInt(10) == 0 ? 0 : random.nextDouble();
        }
        for (int span : new int[] {37, 169, 253}) {
            int jump = (span + 9) / 10;
            for (double[] weights : new double[][] {null, rw}) {
                double[] ys = LoessFits.smooth(y, span, 1, jump, weights, new LoessFits.Kernels());
                int half = (span + 1) / 2;
                LoessFits.Kernels kernels = new LoessFits.Kernels();
                for (int i = 1; i <= n; i += jump) {
                    // the reference's window: the span around i, held at the series' ends
                    int left = i < half ? 1 : i >= n - half + 1 ? n - span + 1 : i - half + 1;
                    double one = LoessFits.fitAt(y, span, 1, i, left, left + span - 1, weights, kernels);
                    assertEquals(one, ys[i - 1], "span " + span + " fit at " + i);
                }
            }
        }
    }

    @Test
    void threeMovingAveragesInOneLoopEqualThreeSeparateRunningSums() {
        double[] x = noisy(1336, 3);
        int len = 168;
        double[] want = movingAverage(movingAverage(movingAverage(x, len), len), 3);
        double[] got = ReferenceStl.movingAverages(x, len);
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], "average " + i);
        }
    }

    /** The reference's running sum: v − leaving + entering, divided by the length. */
    private static double[] movingAverage(double[] x, int len) {
        int m = x.length - len + 1;
        double[] out = new double[m];
        double v = 0;
        for (int i = 0; i < len; i++) {
            v += x[i];
        }
        out[0] = v / len;
        for (int j = 1; j < m; j++) {
            v = v - x[j - 1] + x[j + len - 1];
            out[j] = v / len;
        }
        return out;
    }
}
