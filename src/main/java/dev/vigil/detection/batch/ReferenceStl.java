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

    /** Windows of fewer points than this are fitted one at a time (pairing them would not pay). */
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
        return smooth(movingAverages(cycles, period), s.lowPass, 1, s.lowPassJump, null, kernels);
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
                left = windowLeft(i, n, span, half);
                right = left + span - 1;
            }
            int next = i + step;
            if (next <= n && right - left >= SHORT_WINDOW && span < n) {
                int nextLeft = windowLeft(next, n, span, half);
                if (next - nextLeft == i - left) { // same window shape: two fits at once, sharing the weights
                    fitTwo(y, span, degree, i, next, left, right, rw, kernels, ys);
                    left = nextLeft;
                    right = nextLeft + span - 1;
                    i = next;
                    continue;
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

    /** The left end of the window of the fit at {@code i}, for a span shorter than the series. */
    private static int windowLeft(int i, int n, int span, int half) {
        if (i < half) {
            return 1;
        }
        return i >= n - half + 1 ? n - span + 1 : i - half + 1;
    }

    /**
     * {@link #fitAt} at {@code xs} and at {@code xs2} over windows of the same shape ([left, right] and that window
     * moved by xs2 − xs), stored into {@code ys}. Each fit's sums take the same terms in the same order as
     * {@link #fitAt}, so the results are the same bits; running both in one loop lets the processor overlap the
     * two sets of sums, which in a single fit each wait for their previous addition.
     */
    private static void fitTwo(double[] y, int span, int degree, int xs, int xs2, int left, int right, double[] rw,
                               Kernels kernels, double[] ys) {
        int n = y.length;
        int reach = Math.max(xs - left, right - xs);
        double h = reach;
        if (span > n) {
            h += (span - n) / 2;
        }
        double[] tricube = kernels.of(h, reach);
        int from = Math.max(left - xs, 1 - tricube.length); // offsets from xs with weight
        int to = Math.min(right - xs, tricube.length - 1);
        int shift = xs2 - xs;
        double sw = 0;
        double swd = 0;
        double swdd = 0;
        double swy = 0;
        double swdy = 0;
        double sw2 = 0;
        double swd2 = 0;
        double swdd2 = 0;
        double swy2 = 0;
        double swdy2 = 0;
        double d = from;
        int o = from;
        int mid = Math.min(to, -1);
        int base = xs - 1; // 0-based position of xs
        if (rw == null) {
            for (; o <= mid; o++, d++) {
                int j = base + o;
                double w = tricube[-o];
                double w2 = w;
            double v = y[j];
            double v2 = y[j + shift];
            double wd = w * d;
            double wd2 = w2 * d;
            sw += w;
            swd += wd;
            swdd += wd * d;
            swy += w * v;
            swdy += wd * v;
            sw2 += w2;
            swd2 += wd2;
            swdd2 += wd2 * d;
            swy2 += w2 * v2;
            swdy2 += wd2 * v2;
        }
            for (; o <= to; o++, d++) {
                int j = base + o;
                double w = tricube[o];
                double w2 = w;
            double v = y[j];
            double v2 = y[j + shift];
            double wd = w * d;
            double wd2 = w2 * d;
            sw += w;
            swd += wd;
            swdd += wd * d;
            swy += w * v;
            swdy += wd * v;
            sw2 += w2;
            swd2 += wd2;
            swdd2 += wd2 * d;
            swy2 += w2 * v2;
            swdy2 += wd2 * v2;
        }
        } else {
            for (; o <= mid; o++, d++) {
                int j = base + o;
                double t = tricube[-o];
                double w = t * rw[j];
                double w2 = t * rw[j + shift];
            double v = y[j];
            double v2 = y[j + shift];
            double wd = w * d;
            double wd2 = w2 * d;
            sw += w;
            swd += wd;
            swdd += wd * d;
            swy += w * v;
            swdy += wd * v;
            sw2 += w2;
            swd2 += wd2;
            swdd2 += wd2 * d;
            swy2 += w2 * v2;
            swdy2 += wd2 * v2;
        }
            for (; o <= to; o++, d++) {
                int j = base + o;
                double t = tricube[o];
                double w = t * rw[j];
                double w2 = t * rw[j + shift];
            double v = y[j];
            double v2 = y[j + shift];
            double wd = w * d;
            double wd2 = w2 * d;
            sw += w;
            swd += wd;
            swdd += wd * d;
            swy += w * v;
            swdy += wd * v;
            sw2 += w2;
            swd2 += wd2;
            swdd2 += wd2 * d;
            swy2 += w2 * v2;
            swdy2 += wd2 * v2;
        }
        }
        ys[xs - 1] = orInput(solve(n, degree, h, sw, swd, swdd, swy, swdy), y[xs - 1]);
        ys[xs2 - 1] = orInput(solve(n, degree, h, sw2, swd2, swdd2, swy2, swdy2), y[xs2 - 1]);
    }

    /** The fitted value from a fit's weighted sums; NaN when no point had weight. */
    private static double solve(int n, int degree, double h, double sw, double swd, double swdd, double swy,
                                double swdy) {
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
        int reach = Math.max(xs - left, right - xs);
        double h = reach;
        if (span > n) {
            h += (span - n) / 2;
        }
        double[] tricube = kernels.of(h, reach);
        // one pass over the window in the reference's order: weight sum and the weighted moments of d = j − xs and
        // of y. Points past the table's end have weight 0; they would add exact zeros to sums that start at +0
        // (and so never hold −0), so leaving them out gives the same bits. Left of xs and from xs on are separate
        // loops so the distance needs no absolute value.
        int lo = Math.max(left, xs - tricube.length + 1);
        int hi = Math.min(right, xs + tricube.length - 1);
        int mid = Math.min(hi, xs - 1);
        double sw = 0;
        double swd = 0;
        double swdd = 0;
        double swy = 0;
        double swdy = 0;
        double d = lo - xs; // exact: integers of double precision
        int j = lo;
        if (rw == null) {
            for (; j <= mid; j++, d++) {
                double w = tricube[xs - j];
                double v = y[j - 1];
                double wd = w * d;
                sw += w;
                swd += wd;
                swdd += wd * d;
                swy += w * v;
                swdy += wd * v;
            }
            for (; j <= hi; j++, d++) {
                double w = tricube[j - xs];
                double v = y[j - 1];
                double wd = w * d;
                sw += w;
                swd += wd;
                swdd += wd * d;
                swy += w * v;
                swdy += wd * v;
            }
        } else {
            for (; j <= mid; j++, d++) {
                double w = tricube[xs - j] * rw[j - 1];
                double v = y[j - 1];
                double wd = w * d;
                sw += w;
                swd += wd;
                swdd += wd * d;
                swy += w * v;
                swdy += wd * v;
            }
            for (; j <= hi; j++, d++) {
                double w = tricube[j - xs] * rw[j - 1];
                double v = y[j - 1];
                double wd = w * d;
                sw += w;
                swd += wd;
                swdd += wd * d;
                swy += w * v;
                swdy += wd * v;
            }
        }
        return solve(n, degree, h, sw, swd, swdd, swy, swdy);
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
        double[] a1 = new double[m1];
        double[] a2 = new double[m2];
        double[] a3 = new double[m2 - 2];
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

        // a decomposition uses a few dozen bandwidths (interior and edge windows of three smoothers); a linear scan
        // over them costs less than hashing a boxed key per fit
        private double[] bandwidths = new double[32];
        private double[][] tables = new double[32][];
        private int count;
        private double lastBandwidth = Double.NaN;
        private double[] last;

        /** Weights for r = 0..min(reach, 0.999·h) (at least); reads past the end mean weight 0. */
        double[] of(double h, int reach) {
            if (h != lastBandwidth || last.length <= Math.min(reach, 0.999 * h)) {
                int i = 0;
                while (i < count && bandwidths[i] != h) {
                    i++;
                }
                if (i == count) {
                    if (count == bandwidths.length) {
                        bandwidths = java.util.Arrays.copyOf(bandwidths, 2 * count);
                        tables = java.util.Arrays.copyOf(tables, 2 * count);
                    }
                    bandwidths[count++] = h;
                }
                if (tables[i] == null || tables[i].length <= Math.min(reach, 0.999 * h)) {
                    tables[i] = table(h, reach);
                }
                last = tables[i];
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
