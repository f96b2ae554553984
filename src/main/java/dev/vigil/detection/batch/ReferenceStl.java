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
 * Input must be NaN-free with more than two periods. Thread-safe (stateless). Cost O(n·(p/10 + 10)) per pass.
 */
final class ReferenceStl {

    static final int ROBUST_PASSES = 15;

    /** Windows of fewer points than this weigh them directly rather than through a {@link Kernels} table. */
    private static final int SHORT_WINDOW = 16;

    private ReferenceStl() {
    }

    /** Periodic robust decomposition of {@code y} with period {@code period} ≥ 2, n &gt; 2·period. */
    static SeasonalDecomposition periodicRobust(double[] y, int period) {
        int n = y.length;
        if (period < 2 || n <= 2 * period) {
            throw new IllegalArgumentException("need period >= 2 and more than two periods, got " + period + "/" + n);
        }
        Spans s = Spans.periodic(n, period);
        double[] trend = new double[n];
        double[] seasonal = new double[n];
        double[] weights = null;
        Kernels kernels = new Kernels(); // every pass fits with the same bandwidths
        for (int pass = 0; pass <= ROBUST_PASSES; pass++) {
            if (pass > 0) {
                weights = robustnessWeights(y, trend, seasonal);
            }
            double[] detrended = new double[n];
            for (int i = 0; i < n; i++) {
                detrended[i] = y[i] - trend[i];
            }
            double[] cycles = cycleSubseries(detrended, period, s.seasonal, 0, s.seasonalJump, weights, kernels);
            double[] low = lowPass(cycles, period, s, kernels);
            double[] deseasoned = new double[n];
            for (int i = 0; i < n; i++) {
                seasonal[i] = cycles[period + i] - low[i];
                deseasoned[i] = y[i] - seasonal[i];
            }
            trend = smooth(deseasoned, s.trend, 1, s.trendJump, weights, kernels);
        }
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) {
            remainder[i] = y[i] - trend[i] - seasonal[i];
        }
        return new SeasonalDecomposition(trend, seasonal, remainder);
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

    /** Moving averages of p, p and 3 points, then a degree-1 loess: the seasonal's slowly varying part, length n. */
    private static double[] lowPass(double[] cycles, int period, Spans s, Kernels kernels) {
        double[] a = movingAverage(movingAverage(movingAverage(cycles, period), period), 3);
        return smooth(a, s.lowPass, 1, s.lowPassJump, null, kernels);
    }

    /**
     * Each phase's subseries smoothed (degree {@code degree}, span {@code span}) and extrapolated one cycle before
     * the first and after the last point; result length n + 2·period, the reference program's layout.
     */
    private static double[] cycleSubseries(double[] x, int period, int span, int degree, int jump, double[] rw,
                                           Kernels kernels) {
        int n = x.length;
        double[] out = new double[n + 2 * period];
        for (int phase = 0; phase < period; phase++) {
            int k = (n - phase - 1) / period + 1;
            double[] sub = new double[k];
            double[] w = rw == null ? null : new double[k];
            for (int j = 0; j < k; j++) {
                sub[j] = x[phase + j * period];
                if (w != null) {
                    w[j] = rw[phase + j * period];
                }
            }
            double[] fit = smooth(sub, span, degree, jump, w, kernels);
            double before = fitAt(sub, span, degree, 0, 1, Math.min(span, k), w, kernels);
            double after = fitAt(sub, span, degree, k + 1, Math.max(1, k - span + 1), k, w, kernels);
            out[phase] = Double.isNaN(before) ? fit[0] : before;
            for (int j = 0; j < k; j++) {
                out[phase + (j + 1) * period] = fit[j];
            }
            out[phase + (k + 1) * period] = Double.isNaN(after) ? fit[k - 1] : after;
        }
        return out;
    }

    /**
     * Loess of {@code y} at every {@code jump}-th point (1-based positions 1, 1 + jump, ...), linear in between, and
     * at the last point; the window of the last point is the one of the last regular fit, as in the reference.
     */
    static double[] smooth(double[] y, int span, int degree, int jump, double[] rw, Kernels kernels) {
        int n = y.length;
        double[] ys = new double[n];
        if (n < 2) {
            ys[0] = y[0];
            return ys;
        }
        int step = Math.min(jump, n - 1);
        int left = 1;
        int right = n;
        int half = (span + 1) / 2;
        if (span < n && step == 1) {
            right = span;
            for (int i = 1; i <= n; i++) {
                if (i > half && right != n) {
                    left++;
                    right++;
                }
                ys[i - 1] = orInput(fitAt(y, span, degree, i, left, right, rw, kernels), y[i - 1]);
            }
            return ys;
        }
        for (int i = 1; i <= n; i += step) {
            if (span < n) {
                if (i < half) {
                    left = 1;
                    right = span;
                } else if (i >= n - half + 1) {
                    left = n - span + 1;
                    right = n;
                } else {
                    left = i - half + 1;
                    right = span + i - half;
                }
            }
            ys[i - 1] = orInput(fitAt(y, span, degree, i, left, right, rw, kernels), y[i - 1]);
        }
        if (step != 1) {
            for (int i = 1; i <= n - step; i += step) {
                double delta = (ys[i + step - 1] - ys[i - 1]) / step;
                for (int j = i + 1; j < i + step; j++) {
                    ys[j - 1] = ys[i - 1] + delta * (j - i);
                }
            }
            int k = (n - 1) / step * step + 1;
            if (k != n) {
                ys[n - 1] = orInput(fitAt(y, span, degree, n, left, right, rw, kernels), y[n - 1]);
                if (k != n - 1) {
                    double delta = (ys[n - 1] - ys[k - 1]) / (n - k);
                    for (int j = k + 1; j < n; j++) {
                        ys[j - 1] = ys[k - 1] + delta * (j - k);
                    }
                }
            }
        }
        return ys;
    }

    private static double orInput(double fit, double input) {
        return Double.isNaN(fit) ? input : fit;
    }

    /**
     * One local fit at 1-based position {@code xs} over the 1-based window [left, right] of {@code y}; NaN when no
     * point in reach has weight.
     */
    static double fitAt(double[] y, int span, int degree, int xs, int left, int right, double[] rw,
                        Kernels kernels) {
        int n = y.length;
        double h = Math.max(xs - left, right - xs);
        if (span > n) {
            h += (span - n) / 2;
        }
        // a short window (a cycle-subseries of a few cycles) computes its weights directly: looking up a table
        // would cost more than the handful of weights
        double[] tricube = right - left < SHORT_WINDOW ? null : kernels.of(h, Math.max(xs - left, right - xs));
        // one pass over the window: weight sum and the weighted moments of d = j − xs and of y; points out of
        // reach have weight 0 and add exact zeros
        double sw = 0;
        double swd = 0;
        double swdd = 0;
        double swy = 0;
        double swdy = 0;
        for (int j = left; j <= right; j++) {
            double d = j - xs;
            int r = Math.abs(j - xs);
            double w = tricube == null ? Kernels.weight(r, h) : r < tricube.length ? tricube[r] : 0;
            if (rw != null) {
                w *= rw[j - 1];
            }
            double v = y[j - 1];
            double wd = w * d;
            sw += w;
            swd += wd;
            swdd += wd * d;
            swy += w * v;
            swdy += wd * v;
        }
        if (sw <= 0) {
            return Double.NaN;
        }
        double mean = swy / sw;
        if (h > 0 && degree > 0) {
            double shift = swd / sw; // weighted mean position, relative to xs
            double spread = swdd / sw - shift * shift;
            if (Math.sqrt(Math.max(spread, 0)) > 0.001 * (n - 1)) {
                // the reference's weights w·(1 + b·(j − a)) with b = (xs − a)/spread, summed against y
                return mean - shift / spread * (swdy / sw - shift * mean);
            }
        }
        return mean;
    }

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

    private static double[] robustnessWeights(double[] y, double[] trend, double[] seasonal) {
        int n = y.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = Math.abs(y[i] - (trend[i] + seasonal[i]));
        }
        double h = 6 * Filters.medianInPlace(r.clone());
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            if (r[i] <= 0.001 * h) {
                w[i] = 1;
            } else if (r[i] <= 0.999 * h) {
                double u = r[i] / h;
                w[i] = (1 - u * u) * (1 - u * u);
            }
        }
        return w;
    }

    /**
     * The reference program's tricube weights by integer distance r for one bandwidth h: 1 up to 0.001·h, 0 beyond
     * 0.999·h, (1 − (r/h)³)³ between, computed exactly as the formula would be per point. Kept per bandwidth for a
     * whole decomposition, whose passes repeat the same fits. Not thread-safe: one instance per decomposition.
     */
    static final class Kernels {

        private final java.util.Map<Double, double[]> tables = new java.util.HashMap<>();
        private double lastBandwidth = Double.NaN;
        private double[] last;

        /** Weights for r = 0..min(reach, 0.999·h) (at least); reads past the end mean weight 0. */
        double[] of(double h, int reach) {
            if (h != lastBandwidth || last.length <= Math.min(reach, 0.999 * h)) {
                double[] t = tables.get(h);
                if (t == null || t.length <= Math.min(reach, 0.999 * h)) {
                    t = table(h, reach);
                    tables.put(h, t);
                }
                last = t;
                lastBandwidth = h;
            }
            return last;
        }

        private static double[] table(double h, int reach) {
            // only as far as the window reaches: a seasonal fit's bandwidth spans ten series lengths
            int size = (int) Math.min(Math.floor(0.999 * h), reach) + 1;
            double[] w = new double[Math.max(size, 1)];
            for (int r = 0; r < w.length; r++) {
                w[r] = weight(r, h);
            }
            return w;
        }

        static double weight(int r, double h) {
            if (r > 0.999 * h) {
                return 0;
            }
            if (r > 0.001 * h) {
                double q = r / h;
                double c = 1 - q * q * q;
                return c * c * c;
            }
            return 1;
        }
    }
}
