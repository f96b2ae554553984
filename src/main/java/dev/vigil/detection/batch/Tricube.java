package dev.vigil.detection.batch;

import java.util.HashMap;
import java.util.Map;

/**
 * Tricube weights (1 − (k/h)³)³ for integer distances k = 0..⌈h⌉ (0 from k ≥ h on), one table per bandwidth h.
 * A loess sweep fits every point with the same bandwidth except near the ends, so keeping the tables saves the
 * division and six multiplications per neighbour that dominated {@link RobustLoess}; the values are bit-for-bit
 * those of the formula. One instance per sweep: not thread-safe.
 */
final class Tricube {

    private final Map<Double, double[]> tables = new HashMap<>();
    private double lastBandwidth = Double.NaN;
    private double[] last;

    /** The table for bandwidth {@code h} (&gt; 0); index it by |j − at| ≤ h. */
    double[] of(double h) {
        if (h != lastBandwidth) {
            last = tables.computeIfAbsent(h, Tricube::table);
            lastBandwidth = h;
        }
        return last;
    }

    private static double[] table(double h) {
        int m = (int) Math.ceil(h) + 1;
        double[] weights = new double[m];
        for (int k = 0; k < m; k++) {
            double d = k / h;
            if (d < 1) {
                double c = 1 - d * d * d;
                weights[k] = c * c * c;
            }
        }
        return weights;
    }
}
