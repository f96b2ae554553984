package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("statistical")
class GeneralizedEsdTest {

    @Test
    void flagsPlantedSpikesAndNothingInCleanNoise() {
        Random rnd = new Random(3);
        double[] x = new double[500];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        assertEquals(0, count(GeneralizedEsd.outliers(x, 50, 0.05)));
        x[100] = 9;
        x[300] = -8;
        boolean[] f = GeneralizedEsd.outliers(x, 50, 0.05);
        assertTrue(f[100] && f[300]);
        assertEquals(2, count(f));
    }

    /** The ends-of-the-order walk must pick the same points as scanning every point, ties included. */
    @Test
    void agreesWithTheFullScanIncludingTies() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int n = 3 + rnd.nextInt(300);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                // coarse values make ties (also between the two ends), some NaNs are skipped
                x[i] = trial % 2 == 0 ? Math.round(rnd.nextGaussian() * 3) : rnd.nextGaussian();
                if (rnd.nextInt(40) == 0) {
                    x[i] = Double.NaN;
                }
                if (rnd.nextInt(30) == 0) {
                    x[i] = (rnd.nextBoolean() ? 1 : -1) * 12;
                }
            }
            int r = rnd.nextInt(n);
            assertArrayEquals(fullScan(x, r, 0.05), GeneralizedEsd.outliers(x, r, 0.05), "trial " + trial);
        }
    }

    /** Rosner's procedure written plainly: each round scans all remaining points, earliest index wins a tie. */
    private static boolean[] fullScan(double[] x, int maxOutliers, double alpha) {
        int n = x.length;
        boolean[] removed = new boolean[n];
        int count = 0;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(x[i])) {
                removed[i] = true;
            } else {
                count++;
                sum += x[i];
                sumSq += x[i] * x[i];
            }
        }
        int usable = count;
        int r = Math.min(maxOutliers, usable - 2);
        int[] order = new int[Math.max(r, 0)];
        int found = 0;
        for (int i = 1; i <= r; i++) {
            double mean = sum / count;
            double var = (sumSq - count * mean * mean) / (count - 1);
            if (var <= 1e-20 * Math.max(1, mean * mean)) {
                break;
            }
            int worst = -1;
            double worstDev = -1;
            for (int j = 0; j < n; j++) {
                if (!removed[j] && Math.abs(x[j] - mean) > worstDev) {
                    worstDev = Math.abs(x[j] - mean);
                    worst = j;
                }
            }
            order[i - 1] = worst;
            if (worstDev / Math.sqrt(var) > GeneralizedEsd.criticalValue(usable - i + 1, alpha)) {
                found = i;
            }
            removed[worst] = true;
            count--;
            sum -= x[worst];
            sumSq -= x[worst] * x[worst];
        }
        boolean[] flagged = new boolean[n];
        for (int i = 0; i < found; i++) {
            flagged[order[i]] = true;
        }
        return flagged;
    }

    private static int count(boolean[] f) {
        int c = 0;
        for (boolean b : f) {
            c += b ? 1 : 0;
        }
        return c;
    }
}
