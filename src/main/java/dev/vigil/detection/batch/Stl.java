package dev.vigil.detection.batch;

import java.util.Arrays;

/**
 * Seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae and Terpenning, "STL: A Seasonal-Trend
 * Decomposition Procedure Based on Loess", Journal of Official Statistics 6(1), 1990), from the paper's description:
 * an inner loop of cycle-subseries smoothing (span n_s, each subseries extended by one period at both ends),
 * low-pass filtering (moving averages of n_p, n_p and 3, then loess of span n_l) and trend smoothing (span n_t), and
 * an outer loop of bisquare robustness weights from the remainder (6 × median |remainder|). Loess fits are local
 * linear with tricube weights. Defaults follow the paper: n_l = next odd ≥ n_p, n_t = next odd ≥
 * 1.5·n_p/(1 − 1.5/n_s). The "periodic" form ({@link #PERIODIC}) replaces the cycle-subseries loess by the
 * robust-weighted mean of each phase (an infinitely wide, degree-0 smoother), so every cycle shares one pattern.
 *
 * <p>Input must be NaN-free and span at least two periods. Thread-safe (stateless).
 */
final class Stl {

    private Stl() {
    }

    /** Seasonal span meaning "periodic": every cycle gets the same pattern, a robust mean of its phase. */
    static final int PERIODIC = Integer.MAX_VALUE;

    /**
     * @param scaleFloor how an exact fit (residuals at rounding level) weighs points: true measures residuals against
     *                   10⁻⁹ of the data's scale, so the exact points keep their weight and an anomaly loses it;
     *                   false gives every point weight 1, so an anomaly is fitted like the rest (the service's
     *                   last-point answers on noise-free cycles behave this way, see {@link BatchDetector})
     */
    static SeasonalDecomposition decompose(double[] y, int period, int seasonalSpan, int inner, int outer,
                                           boolean scaleFloor) {
        int n = y.length;
        int np = period;
        boolean periodic = seasonalSpan == PERIODIC;
        int ns = periodic ? 10 * n + 1 : Math.max(3, seasonalSpan | 1);
        int nl = np % 2 == 0 ? np + 1 : np;
        int nt = (int) Math.ceil(1.5 * np / (1 - 1.5 / ns));
        nt = nt % 2 == 0 ? nt + 1 : nt;
        double[] trend = new double[n];
        double[] seasonal = new double[n];
        double[] rw = new double[n];
        Arrays.fill(rw, 1);
        Tricube kernel = new Tricube(); // every pass fits with the same few bandwidths
        for (int o = 0; o <= outer; o++) {
            for (int k = 0; k < inner; k++) {
                double[] detrended = new double[n];
                for (int i = 0; i < n; i++) {
                    detrended[i] = y[i] - trend[i];
                }
                double[] c = periodic ? cycleMeans(detrended, rw, np) : cycleSubseries(detrended, rw, np, ns, kernel);
                // the low-pass filter of a periodic c is the mean of one cycle (its moving averages over whole
                // cycles are constant, and loess keeps a constant): skip the three averages and the loess
                double[] low = periodic ? cycleLevel(c, np, n)
                        : loess(movingAverage(movingAverage(movingAverage(c, np), np), 3), null, nl, kernel);
                for (int i = 0; i < n; i++) {
                    seasonal[i] = c[np + i] - low[i];
                }
                double[] deseasoned = new double[n];
                for (int i = 0; i < n; i++) {
                    deseasoned[i] = y[i] - seasonal[i];
                }
                trend = loess(deseasoned, rw, nt, kernel);
            }
            if (o < outer) {
                rw = robustnessWeights(y, trend, seasonal, scaleFloor);
            }
        }
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) {
            remainder[i] = y[i] - trend[i] - seasonal[i];
        }
        return new SeasonalDecomposition(trend, seasonal, remainder);
    }

    private static double[] robustnessWeights(double[] y, double[] trend, double[] seasonal, boolean scaleFloor) {
        int n = y.length;
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) {
            abs[i] = Math.abs(y[i] - trend[i] - seasonal[i]);
        }
        double h = 6 * Filters.median(abs);
        double scale = 0;
        for (double v : y) {
            scale = Math.max(scale, Math.abs(v));
        }
        double[] w = new double[n];
        boolean exact = h <= 1e-8 * Math.max(scale, 1e-300); // an exact fit: rounding noise must not decide weights
        double floor = scaleFloor ? Math.max(h, 1e-9 * scale) : h;
        for (int i = 0; i < n; i++) {
            double u = exact && !scaleFloor ? 0 : abs[i] / floor;
            w[i] = u < 1 ? (1 - u * u) * (1 - u * u) : 0;
        }
        return w;
    }

    /** Smooths each phase's subseries and extends it by one point at each end; result length n + 2·period. */
    private static double[] cycleSubseries(double[] x, double[] rw, int np, int ns, Tricube kernel) {
        int n = x.length;
        double[] c = new double[n + 2 * np];
        for (int phase = 0; phase < np; phase++) {
            int m = (n - phase + np - 1) / np;
            if (m <= 0) {
                continue;
            }
            double[] sub = new double[m];
            double[] w = new double[m];
            for (int j = 0; j < m; j++) {
                sub[j] = x[phase + j * np];
                w[j] = rw[phase + j * np];
            }
            for (int j = -1; j <= m; j++) {
                c[phase + (j + 1) * np] = fitAt(sub, w, ns, j, kernel);
            }
        }
        return c;
    }

    /** Periodic form of {@link #cycleSubseries}: each phase's robust-weighted mean, repeated over n + 2·period. */
    private static double[] cycleMeans(double[] x, double[] rw, int np) {
        int n = x.length;
        double[] mean = new double[np];
        for (int phase = 0; phase < np; phase++) {
            double sw = 0;
            double s = 0;
            for (int i = phase; i < n; i += np) {
                sw += rw[i];
                s += rw[i] * x[i];
            }
            // every point of the phase lost its weight when the first pass spread one anomaly over its phase: the
            // median still says where the phase lies
            mean[phase] = sw > 0 ? s / sw : phaseMedian(x, phase, np);
        }
        double[] c = new double[n + 2 * np];
        for (int i = 0; i < c.length; i++) {
            c[i] = mean[i % np];
        }
        return c;
    }

    private static double phaseMedian(double[] x, int phase, int np) {
        int count = (x.length - phase + np - 1) / np;
        if (count <= 0) {
            return 0;
        }
        double[] values = new double[count];
        for (int i = phase, k = 0; i < x.length; i += np, k++) {
            values[k] = x[i];
        }
        return Filters.median(values);
    }

    /** The mean of one cycle of the periodic {@code c}, repeated n times. */
    private static double[] cycleLevel(double[] c, int np, int n) {
        double sum = 0;
        for (int i = 0; i < np; i++) {
            sum += c[i];
        }
        double[] low = new double[n];
        Arrays.fill(low, sum / np);
        return low;
    }

    private static double[] movingAverage(double[] x, int len) {
        int m = x.length - len + 1;
        double[] out = new double[Math.max(m, 0)];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i];
            if (i >= len) {
                sum -= x[i - len];
            }
            if (i >= len - 1) {
                out[i - len + 1] = sum / len;
            }
        }
        return out;
    }

    /**
     * Loess at every {@code jump}-th point (and the last), linear in between: the paper's speed-up, which makes a
     * day-long span over a month of minutes affordable. jump = ⌈span/10⌉ as the paper suggests.
     */
    private static double[] loess(double[] x, double[] rw, int span, Tricube kernel) {
        int m = x.length;
        double[] out = new double[m];
        int jump = Math.max(1, (span + 9) / 10);
        int prev = -1;
        for (int i = 0; i < m; i += jump) {
            out[i] = fitAt(x, rw, span, i, kernel);
            fillBetween(out, prev, i);
            prev = i;
        }
        if (prev != m - 1) {
            out[m - 1] = fitAt(x, rw, span, m - 1, kernel);
            fillBetween(out, prev, m - 1);
        }
        return out;
    }

    private static void fillBetween(double[] out, int a, int b) {
        for (int j = a + 1; a >= 0 && j < b; j++) {
            out[j] = out[a] + (out[b] - out[a]) * (j - a) / (b - a);
        }
    }

    /** Local linear tricube fit over the {@code span} points nearest to position {@code at} (may lie outside). */
    static double fitAt(double[] x, double[] rw, int span, int at) {
        return fitAt(x, rw, span, at, new Tricube());
    }

    private static double fitAt(double[] x, double[] rw, int span, int at, Tricube kernel) {
        int m = x.length;
        int q = Math.min(span, m);
        int lo = Math.max(0, Math.min(at - q / 2, m - q));
        int hi = lo + q - 1;
        double h = Math.max(at - lo, hi - at);
        if (span > m) {
            h += (span - m) / 2.0;
        }
        h = Math.max(h, 0.5);
        double sw = 0;
        double sx = 0;
        double sxx = 0;
        double sy = 0;
        double sxy = 0;
        double[] tri = kernel.of(h);
        // |j − at| ≤ h < tri.length on [lo, hi]; terms of weight 0 add exact zeros, so no test is needed
        for (int j = lo; j <= hi; j++) {
            double w = rw == null ? tri[Math.abs(j - at)] : tri[Math.abs(j - at)] * rw[j];
            double wj = w * j;
            sw += w;
            sx += wj;
            sxx += wj * j;
            sy += w * x[j];
            sxy += wj * x[j];
        }
        if (sw <= 0) {
            // every neighbour lost its robustness weight (a run of outliers): reach further for points that kept
            // theirs, and only when none did anywhere fit them all rather than invent a 0
            if (rw == null) {
                return 0;
            }
            return span < m ? fitAt(x, rw, span + 2, at, kernel) : fitAt(x, null, span, at, kernel);
        }
        double mx = sx / sw;
        double my = sy / sw;
        double var = sxx / sw - mx * mx;
        if (var <= 1e-12) {
            return my;
        }
        double slope = (sxy / sw - mx * my) / var;
        return my + slope * (at - mx);
    }
}
