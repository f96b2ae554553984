package dev.vigil.detection.batch;

/**
 * STL computed the way the reference implementation of Cleveland et al. (the netlib Fortran behind R's {@code stl}
 * and its Python ports) computes it, for the periodic robust form the service's seasonal model uses:
 * {@code stl(x, period, s.window = "periodic", robust = TRUE)} without R's final averaging of the seasonal per phase.
 * The paper describes the method; this class keeps the reference program's numerical details, because the service's
 * answers depend on them (its robustness weights come from residuals at rounding level on noise-free
 * cycles, so every cut-off counts):
 * <ul>
 *   <li>spans: seasonal 10·n + 1 with degree 0, low-pass next odd ≥ p, trend next odd ≥ ⌈1.5·p / (1 − 1.5/n_s)⌉,
 *       both degree 1; fits are made every ⌈span/10⌉ points and joined linearly, a last fit at the series end;</li>
 *   <li>a loess window wider than the data widens its half-width by ⌊(span − m)/2⌋; tricube weights are 1 within
 *       0.001 of the half-width and 0 beyond 0.999 of it; the local slope is dropped when the weighted spread of the
 *       positions is at most 0.001·(m − 1); a fit without weight keeps the input value;</li>
 *   <li>one pass without robustness weights, then 15 passes with bisquare weights from h = 6 × median |remainder|
 *       (1 below 0.001·h, 0 above 0.999·h).</li>
 * </ul>
 * The fits themselves are {@link LoessFits}. Input must be NaN-free with more than two periods. Thread-safe
 * (stateless). Cost O(n·(p/10 + 10)) per pass.
 */
final class ReferenceStl {

    static final int ROBUST_PASSES = 15;

    private ReferenceStl() {
    }

    /** Periodic robust decomposition of {@code y} with period {@code period} ≥ 2, n &gt; 2·period. */
    static SeasonalDecomposition periodicRobust(double[] y, int period) {
        int n = y.length;
        if (period < 2 || n <= 2 * period) {
            throw new IllegalArgumentException("need period >= 2 and more than two periods, got " + period + "/" + n);
        }
        Spans s = Spans.periodic(n, period);
        // 16 passes of a dozen series-long arrays each were most of a request's allocation (5.5 MB for 1,000 points);
        // the passes now fill the same arrays, and only what is returned is new
        Workspace ws = new Workspace(n, period);
        double[] trend = new double[n];
        double[] seasonal = new double[n];
        double[] weights = null;
        LoessFits.Kernels kernels = new LoessFits.Kernels(); // every pass fits with the same bandwidths
        for (int pass = 0; pass <= ROBUST_PASSES; pass++) {
            if (pass > 0) {
                weights = robustnessWeights(y, trend, seasonal, ws);
            }
            double[] detrended = ws.detrended;
            for (int i = 0; i < n; i++) {
                detrended[i] = y[i] - trend[i];
            }
            double[] cycles = cycleSubseries(detrended, period, s.seasonal, 0, s.seasonalJump, weights, kernels, ws);
            double[] low = LoessFits.smooth(movingAverages(cycles, period, ws.average1, ws.average2, ws.average3),
                    s.lowPass, 1, s.lowPassJump, null, kernels, ws.low);
            double[] deseasoned = ws.deseasoned;
            for (int i = 0; i < n; i++) {
                seasonal[i] = cycles[period + i] - low[i];
                deseasoned[i] = y[i] - seasonal[i];
            }
            LoessFits.smooth(deseasoned, s.trend, 1, s.trendJump, weights, kernels, trend);
        }
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) {
            remainder[i] = y[i] - trend[i] - seasonal[i];
        }
        return new SeasonalDecomposition(trend, seasonal, remainder);
    }

    /**
     * The arrays one decomposition's passes fill again and again. A cycle-subseries has one of two lengths
     * (⌊n/p⌋ or ⌈n/p⌉), so its buffers come in those two sizes.
     */
    private static final class Workspace {
        final double[] detrended;
        final double[] deseasoned;
        final double[] cycles;
        final double[] average1;
        final double[] average2;
        final double[] average3;
        final double[] low;
        final double[] residuals;
        final double[] sorted;
        final double[] weights;
        private final int shortLength;
        private final double[][] sub = new double[2][];
        private final double[][] subWeights = new double[2][];
        private final double[][] subFit = new double[2][];

        Workspace(int n, int period) {
            detrended = new double[n];
            deseasoned = new double[n];
            cycles = new double[n + 2 * period];
            int m1 = cycles.length - period + 1;
            average1 = new double[m1];
            average2 = new double[m1 - period + 1];
            average3 = new double[average2.length - 2];
            low = new double[n];
            residuals = new double[n];
            sorted = new double[n];
            weights = new double[n];
            shortLength = n / period;
            for (int i = 0; i < 2; i++) {
                sub[i] = new double[shortLength + i];
                subWeights[i] = new double[shortLength + i];
                subFit[i] = new double[shortLength + i];
            }
        }

        double[] sub(int k) {
            return sub[k - shortLength];
        }

        double[] subWeights(int k) {
            return subWeights[k - shortLength];
        }

        double[] subFit(int k) {
            return subFit[k - shortLength];
        }
    }

    /** Window lengths and jumps of the periodic form. */
    private record Spans(int seasonal, int seasonalJump, int trend, int trendJump, int lowPass, int lowPassJump) {
        static Spans periodic(int n, int period) {
            int ns = 10 * n + 1;
            int nt = Math.max(3, nextOdd(Math.ceil(1.5 * period / (1 - 1.5 / ns))));
            int nl = Math.max(3, nextOdd(period));
            return new Spans(ns, ceilDiv(ns, 10), nt, ceilDiv(nt, 10), nl, ceilDiv(nl, 10));
        }

        private static int nextOdd(double x) {
            int r = (int) Math.rint(x);
            return r % 2 == 0 ? r + 1 : r;
        }

        private static int ceilDiv(int a, int b) {
            return (a + b - 1) / b;
        }
    }

    /**
     * Each phase's subseries smoothed (degree {@code degree}, span {@code span}) and extrapolated one cycle before
     * the first and after the last point; result length n + 2·period, the reference program's layout.
     */
    private static double[] cycleSubseries(double[] x, int period, int span, int degree, int jump, double[] rw,
                                           LoessFits.Kernels kernels, Workspace ws) {
        int n = x.length;
        double[] out = ws.cycles;
        for (int phase = 0; phase < period; phase++) {
            int k = (n - phase - 1) / period + 1;
            double[] sub = ws.sub(k);
            double[] w = rw == null ? null : ws.subWeights(k);
            for (int j = 0; j < k; j++) {
                sub[j] = x[phase + j * period];
                if (w != null) {
                    w[j] = rw[phase + j * period];
                }
            }
            double[] fit = LoessFits.smooth(sub, span, degree, jump, w, kernels, ws.subFit(k));
            double before = LoessFits.fitAt(sub, span, degree, 0, 1, Math.min(span, k), w, kernels);
            double after = LoessFits.fitAt(sub, span, degree, k + 1, Math.max(1, k - span + 1), k, w, kernels);
            out[phase] = Double.isNaN(before) ? fit[0] : before;
            for (int j = 0; j < k; j++) {
                out[phase + (j + 1) * period] = fit[j];
            }
            out[phase + (k + 1) * period] = Double.isNaN(after) ? fit[k - 1] : after;
        }
        return out;
    }


    /**
     * Moving averages of {@code len}, {@code len} and 3 points in a row, each a running sum updated as
     * {@code (v − leaving) + entering} and divided by its length, as the reference computes them. The three run in
     * one loop, each stage consuming its input as the stage before produces it: the same operations in the same
     * order per stage, but the three running sums overlap instead of waiting for each other. Length
     * x.length − 2·len.
     */
    static double[] movingAverages(double[] x, int len) {
        int m1 = x.length - len + 1;
        int m2 = m1 - len + 1;
        return movingAverages(x, len, new double[m1], new double[m2], new double[m2 - 2]);
    }

    /** {@link #movingAverages(double[], int)} with its three stages in the given arrays; returns {@code a3}. */
    private static double[] movingAverages(double[] x, int len, double[] a1, double[] a2, double[] a3) {
        int m1 = a1.length;
        double v1 = 0;
        for (int i = 0; i < len; i++) {
            v1 += x[i];
        }
        a1[0] = v1 / len;
        double v2 = 0;
        double v3 = 0;
        for (int t = 0; t < m1; t++) {
            if (t > 0) {
                v1 = v1 - x[t - 1] + x[t + len - 1];
                a1[t] = v1 / len;
            }
            // stage 2 takes a1[t]: its first sum until len values exist, then one step per value
            int j = t - len + 1;
            if (j < 0) {
                v2 += a1[t];
                continue;
            }
            if (j == 0) {
                v2 += a1[t];
            } else {
                v2 = v2 - a1[j - 1] + a1[t];
            }
            a2[j] = v2 / len;
            // stage 3 takes a2[j] likewise, over 3 values
            int k = j - 2;
            if (k < 0) {
                v3 += a2[j];
                continue;
            }
            if (k == 0) {
                v3 += a2[j];
            } else {
                v3 = v3 - a2[k - 1] + a2[j];
            }
            a3[k] = v3 / 3;
        }
        return a3;
    }

    private static double[] robustnessWeights(double[] y, double[] trend, double[] seasonal, Workspace ws) {
        int n = y.length;
        double[] r = ws.residuals;
        for (int i = 0; i < n; i++) {
            r[i] = Math.abs(y[i] - (trend[i] + seasonal[i]));
        }
        System.arraycopy(r, 0, ws.sorted, 0, n);
        double h = 6 * Filters.medianInPlace(ws.sorted);
        double[] w = ws.weights;
        for (int i = 0; i < n; i++) {
            if (r[i] <= 0.001 * h) {
                w[i] = 1;
            } else if (r[i] <= 0.999 * h) {
                double u = r[i] / h;
                w[i] = (1 - u * u) * (1 - u * u);
            } else {
                w[i] = 0;
            }
        }
        return w;
    }
}
