package dev.vigil.detection.batch;

/**
 * The local fits (loess) of {@link ReferenceStl}, as the reference program makes them: degree 0 or 1, tricube
 * weights of the distance times optional robustness weights, fits every {@code jump}-th point joined linearly. The
 * reference's numerical details are kept (see {@link ReferenceStl}); every sum takes its terms in the reference's
 * order, so the cheaper forms here (a branch-free loop, two fits of the same window shape in one loop) give the same
 * bits. Stateless apart from a {@link Kernels} cache passed in; thread-safe when each caller has its own.
 */
final class LoessFits {

    /** Windows of fewer points than this are fitted one at a time (pairing them would not pay). */
    private static final int SHORT_WINDOW = 16;

    private LoessFits() {
    }

    /**
     * Loess of {@code y} at every {@code jump}-th point (1-based positions 1, 1 + jump, ...), linear in between, and
     * at the last point; the window of the last point is the one of the last regular fit, as in the reference.
     */
    static double[] smooth(double[] y, int span, int degree, int jump, double[] rw, Kernels kernels) {
        return smooth(y, span, degree, jump, rw, kernels, new double[y.length]);
    }

    /** {@link #smooth(double[], int, int, int, double[], Kernels)} into {@code ys}, of y's length; returns it. */
    static double[] smooth(double[] y, int span, int degree, int jump, double[] rw, Kernels kernels, double[] ys) {
        int n = y.length;
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
