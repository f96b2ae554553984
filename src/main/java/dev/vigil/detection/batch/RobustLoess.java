package dev.vigil.detection.batch;

/**
 * Robust locally weighted quadratic regression (Cleveland, "Robust Locally Weighted Regression and Smoothing
 * Scatterplots", JASA 74(368), 1979): each point is fitted by a weighted quadratic over its {@code span} nearest
 * neighbours (tricube distance weights) with bisquare robustness weights from the residuals (6 × median
 * |residual|), seeded from a moving median's residuals and refreshed after each pass, so spikes and dips do not bend the curve while smooth shapes are followed closely.
 *
 * <p>Cost O(n·span) per pass. Input must be NaN-free. Thread-safe (stateless).
 */
final class RobustLoess {

    private RobustLoess() {
    }

    /**
     * @param span       neighbours per local fit (clamped to [5, n])
     * @param robustness number of robustness re-weighting passes (0 = plain loess)
     */
    static double[] smooth(double[] y, int span, int robustness) {
        int n = y.length;
        if (n < 5) {
            return y.clone();
        }
        int q = Math.max(5, Math.min(span, n));
        double[] robust = new double[n];
        java.util.Arrays.fill(robust, 1);
        // a moving median seeds the robustness weights: a plain first loess pass would let a large spike drag
        // its whole neighbourhood so far that every point there loses its weight
        double[] median = Filters.movingMedian(y, q);
        double[] fit = robustness > 0 ? median : pass(y, q, robust, median);
        for (int iter = 0; iter < robustness; iter++) {
            double[] abs = new double[n];
            for (int i = 0; i < n; i++) {
                abs[i] = Math.abs(y[i] - fit[i]);
            }
            double s = 6 * Filters.median(abs);
            for (int i = 0; i < n; i++) {
                if (s <= 1e-12 * (1 + Math.abs(fit[i]))) {
                    robust[i] = abs[i] <= 1e-12 * (1 + Math.abs(fit[i])) ? 1 : 0; // most residuals are zero
                } else {
                    double u = abs[i] / s;
                    robust[i] = u >= 1 ? 0 : (1 - u * u) * (1 - u * u);
                }
            }
            fit = pass(y, q, robust, median);
        }
        return fit;
    }

    /** One weighted pass; where every neighbour has lost its weight, the moving median stands in. */
    private static double[] pass(double[] y, int q, double[] robust, double[] median) {
        int n = y.length;
        double[] out = new double[n];
        Tricube kernel = new Tricube();
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, Math.min(i - q / 2, n - q));
            int hi = lo + q - 1;
            double[] tri = kernel.of(Math.max(i - lo, hi - i) + 1.0);
            // weighted sums for a quadratic in t = j − i
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, b0 = 0, b1 = 0, b2 = 0;
            for (int j = lo; j <= hi; j++) {
                int k = Math.abs(j - i);
                double w = k < tri.length ? tri[k] * robust[j] : 0;
                if (w == 0) {
                    continue;
                }
                double t = j - i;
                double t2 = t * t;
                s0 += w;
                s1 += w * t;
                s2 += w * t2;
                s3 += w * t2 * t;
                s4 += w * t2 * t2;
                b0 += w * y[j];
                b1 += w * t * y[j];
                b2 += w * t2 * y[j];
            }
            out[i] = intercept(s0, s1, s2, s3, s4, b0, b1, b2, median[i]);
        }
        return out;
    }

    /** Solves the 3×3 normal equations for the value at t = 0, falling back to lower degrees when singular. */
    private static double intercept(double s0, double s1, double s2, double s3, double s4, double b0, double b1,
                                    double b2, double fallback) {
        double det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
        if (Math.abs(det) > 1e-9 * Math.max(1, s0 * s2 * s4)) {
            return (b0 * (s2 * s4 - s3 * s3) - s1 * (b1 * s4 - s3 * b2) + s2 * (b1 * s3 - s2 * b2)) / det;
        }
        double det2 = s0 * s2 - s1 * s1;
        if (Math.abs(det2) > 1e-9 * Math.max(1, s0 * s2)) {
            return (b0 * s2 - s1 * b1) / det2;
        }
        return s0 > 0 ? b0 / s0 : fallback;
    }
}
