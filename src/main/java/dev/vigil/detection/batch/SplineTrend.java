package dev.vigil.detection.batch;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * The coarse trend of the service's dynamic-threshold model: a least-squares cubic regression spline with a few
 * evenly spaced interior knots, whose ends are then straightened ("aglets"): the first and last ⌊w/2⌋ points are
 * replaced by lines through the fitted curve at w/2 with the Theil–Sen slope of the curve over the end window w.
 * This follows the detrending of the open-source {@code seasonal} package that the service's description names
 * (spline trend, window min(n/3, 512) for a series without a period, n/(2w) + 1 segments); straight ends keep a
 * short recent excursion from bending the trend at the series end.
 *
 * <p>Cost O(n·k²) for k ≤ 13 basis functions. Input must be NaN-free. Thread-safe (stateless).
 */
final class SplineTrend {

    private SplineTrend() {
    }

    /** Trend of a series without a period. Series shorter than 6 points get their mean. */
    static double[] fit(double[] y) {
        return fit(y, Math.max(2, Math.min(y.length / 3, 512)));
    }

    /**
     * Trend with a given smoothing window: n/(2·window) + 1 spline segments, ends straightened over the window.
     * Series shorter than 6 points get their mean.
     */
    static double[] fit(double[] y, int window) {
        int n = y.length;
        if (n < 6) {
            double mean = Arrays.stream(y).average().orElse(0);
            double[] out = new double[n];
            Arrays.fill(out, mean);
            return out;
        }
        window = Math.max(2, window);
        int segments = n / (2 * window) + 1;
        int knotCount = Math.max(2, segments + 1);
        // knots at evenly spaced positions strictly inside the index range; the last of them is left out
        double[] knots = new double[knotCount - 1];
        for (int j = 0; j < knots.length; j++) {
            knots[j] = (n - 1) * (j + 1.0) / (knotCount + 1);
        }
        return straightenEnds(leastSquaresSpline(y, knots), window);
    }

    /** Least-squares cubic spline in the truncated power basis on t ∈ [0, 1] (few knots, so well conditioned). */
    static double[] leastSquaresSpline(double[] y, double[] knots) {
        int n = y.length;
        int k = 4 + knots.length;
        double scale = n - 1;
        double[][] design = new double[n][k];
        for (int i = 0; i < n; i++) {
            double t = i / scale;
            double[] row = design[i];
            row[0] = 1;
            row[1] = t;
            row[2] = t * t;
            row[3] = t * t * t;
            for (int j = 0; j < knots.length; j++) {
                double d = t - knots[j] / scale;
                row[4 + j] = d > 0 ? d * d * d : 0;
            }
        }
        Array2DRowRealMatrix a = new Array2DRowRealMatrix(design, false);
        RealVector coef = new QRDecomposition(a).getSolver().solve(new ArrayRealVector(y, false));
        return a.operate(coef).toArray();
    }

    static double[] straightenEnds(double[] f, int window) {
        int n = f.length;
        int w = Math.min(window, n);
        int half = w / 2;
        double[] out = f.clone();
        double left = theilSenSlope(f, 0, w);
        double right = theilSenSlope(f, n - w, n);
        for (int i = 0; i < half; i++) {
            out[i] = f[half] + (i - half) * left;
            out[n - half + i] = f[n - half - 1] + (i + 1) * right;
        }
        return out;
    }

    /**
     * Median of the pairwise slopes of f over [from, to). Small windows list every slope; larger ones first bracket
     * the median between two quantiles of a deterministic sample of slopes, then count the slopes below the bracket
     * and keep only those inside it, so the exact median comes from a short list instead of m²/2 stored values
     * (falling back to the full list when the bracket misses).
     */
    static double theilSenSlope(double[] f, int from, int to) {
        int m = to - from;
        if (m < 2) {
            return 0;
        }
        long total = (long) m * (m - 1) / 2;
        if (m <= 200) {
            return Filters.medianInPlace(allSlopes(f, from, to, (int) total));
        }
        double[] inverse = new double[m];
        for (int d = 1; d < m; d++) {
            inverse[d] = 1.0 / d;
        }
        int samples = 4000;
        double[] sample = new double[samples];
        int c = 0;
        long state = 0x9E3779B97F4A7C15L;
        while (c < samples) {
            state = state * 6364136223846793005L + 1442695040888963407L; // fixed LCG: deterministic
            int i = (int) ((state >>> 33) % m);
            int j = (int) (((state >>> 11) & 0x3FFFFF) % m);
            if (i == j) {
                continue;
            }
            int a = Math.min(i, j);
            int b = Math.max(i, j);
            sample[c++] = (f[from + b] - f[from + a]) * inverse[b - a];
        }
        Arrays.sort(sample);
        double lo = sample[(int) (samples * 0.45)];
        double hi = sample[(int) (samples * 0.55)];
        long below = 0;
        double[] inside = new double[(int) Math.min(total, Math.max(1024, total / 5))];
        int count = 0;
        boolean overflow = false;
        for (int i = from; i < to && !overflow; i++) {
            double fi = f[i];
            for (int j = i + 1; j < to; j++) {
                double s = (f[j] - fi) * inverse[j - i];
                if (s < lo) {
                    below++;
                } else if (s <= hi) {
                    if (count == inside.length) {
                        overflow = true;
                        break;
                    }
                    inside[count++] = s;
                }
            }
        }
        long upperRank = total / 2;                       // 0-based rank of the upper middle slope
        long lowerRank = total % 2 == 1 ? upperRank : upperRank - 1;
        if (overflow || lowerRank < below || upperRank >= below + count) {
            return Filters.medianInPlace(allSlopes(f, from, to, (int) total));
        }
        double[] kept = Arrays.copyOf(inside, count);
        double upper = Filters.select(kept, (int) (upperRank - below));
        if (lowerRank == upperRank) {
            return upper;
        }
        double lower = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < upperRank - below; k++) {
            lower = Math.max(lower, kept[k]);
        }
        return 0.5 * (lower + upper);
    }

    private static double[] allSlopes(double[] f, int from, int to, int total) {
        double[] slopes = new double[total];
        int c = 0;
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                slopes[c++] = (f[j] - f[i]) / (j - i);
            }
        }
        return slopes;
    }
}
