package dev.vigil.detection.batch;

/**
 * Tricube weights (1 − (k/h)³)³ for integer distances k = 0..⌈h⌉ (0 from k ≥ h on), kept for the last bandwidth h.
 * A loess sweep fits every point with the same bandwidth except near the ends, so reusing the table saves the
 * division and six multiplications per neighbour that dominated {@link RobustLoess}; the values are bit-for-bit
 * those of the formula. One instance per sweep: not thread-safe.
 */
final class Tricube {

    private double bandwidth = Double.NaN;
    private double[] weights = new double[0];

    /** The table for bandwidth {@code h} (&gt; 0); index it by |j − at| ≤ h. */
    double[] of(double h) {
        if (h != bandwidth) {
            bandwidth = h;
            weights = new double[(int) Math.ceil(h) + 1];
            for (int k = 0; k < weights.length; k++) {
                double d = k / h;
                if (d < 1) {
                    double c = 1 - d * d * d;
                    weights[k] = c * c * c;
                }
            }
        }
        return weights;
    }
}
