package dev.vigil.detection.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * The service's second period guess, after the calendar cycles of {@link GranularityPeriod} found none: its
 * "spectrum" detector, which in the library's default configuration is a correlogram (Microsoft's open-source
 * univariate library, {@code period/spectrum.py}, detector type {@code correlogram}, threshold 0.2 of explained
 * variance, minimum period 4).
 * <ol>
 *   <li>the series is min–max normalized; 3σ spikes are interpolated away and the coarse spline trend of the
 *       dynamic-threshold model ({@link DynamicThreshold#trend}) is subtracted;</li>
 *   <li>correlogram: the autocorrelations up to lag L = min(n/3, 5760), taken largest first while they are at least
 *       0.1 and outside the 90 % Bartlett band (1.645·√((1 + 2·Σ_{j&lt;k} r_j²)/n)); every such lag strictly
 *       between 4 and L is a candidate;</li>
 *   <li>the candidate with the smallest leave-one-out error of its per-phase means (single precision, first one on
 *       ties) wins when those means explain at least 20 % of the variance (or fit exactly), and the series holds more
 *       than two of its cycles;</li>
 *   <li>the series sampled every p points is searched again the same way; a period found there multiplies p (the
 *       fundamental of a cycle of cycles), until none is found. Fewer than 12 points: no period.</li>
 * </ol>
 * Cost O(n·L) for the correlogram. Stateless, thread-safe; input must be NaN-free.
 */
public final class SpectrumPeriod {

    static final int MIN_POINTS = 12;
    static final int MIN_PERIOD = 4;
    static final int MAX_LAG = 5760;
    static final double MIN_EXPLAINED = 0.2;
    static final double MIN_CORRELATION = 0.1;
    /** Φ⁻¹(0.95): half-width of statsmodels' 90 % band in standard errors. */
    static final double Z_90 = 1.6448536269514722;

    private SpectrumPeriod() {
    }

    /** The period in points, 0 for none. */
    public static int detect(double[] values) {
        if (values.length < MIN_POINTS) {
            return 0;
        }
        double[] series = DynamicThreshold.normalize(values);
        int period = calculate(series);
        if (period == 0) {
            return 0;
        }
        int verified = period;
        while (verified != 0) {
            series = every(series, verified);
            verified = calculate(series);
            if (verified != 0) {
                period *= verified;
            }
        }
        return period;
    }

    private static double[] every(double[] x, int step) {
        double[] out = new double[(x.length + step - 1) / step];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i * step];
        }
        return out;
    }

    /** One round: the period of an already normalized series, or 0. */
    static int calculate(double[] series) {
        int n = series.length;
        if (n < MIN_POINTS) {
            return 0;
        }
        double[] data = GranularityPeriod.smoothSpikes(series);
        double[] trend = DynamicThreshold.trend(data);
        for (int i = 0; i < n; i++) {
            data[i] -= trend[i];
        }
        double var = variance(data);
        if (Math.abs(var) <= 1e-8) {
            return 0;
        }
        List<Integer> candidates = correlogram(data);
        if (candidates.isEmpty()) {
            return 0;
        }
        float best = Float.POSITIVE_INFINITY;
        int period = 0;
        for (int p : candidates) {
            float mse = (float) GranularityPeriod.gcv(data, p);
            if (Math.abs(mse) <= 1e-8) {
                mse = 0;
            }
            if (mse < best) {
                best = mse;
                period = p;
            }
        }
        if (!(Math.abs(best) <= 1e-8 || MIN_EXPLAINED <= 1 - best / var)) {
            return 0;
        }
        return n / (double) period + 1 <= 3 ? 0 : period;
    }

    /** Significant autocorrelation lags, strongest first (see the class comment). */
    static List<Integer> correlogram(double[] data) {
        int n = data.length;
        int maxLag = (int) Math.min(n / 3.0, MAX_LAG);
        double mean = 0;
        for (double v : data) {
            mean += v;
        }
        mean /= n;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = data[i] - mean;
        }
        double c0 = 0;
        for (double v : d) {
            c0 += v * v;
        }
        double[] acf = new double[maxLag + 1];
        double[] band = new double[maxLag + 1];
        double sumSq = 0;
        for (int k = 1; k <= maxLag; k++) {
            double s = 0;
            for (int i = k; i < n; i++) {
                s += d[i] * d[i - k];
            }
            acf[k] = s / c0;
            band[k] = Z_90 * Math.sqrt((k == 1 ? 1 : 1 + 2 * sumSq) / n);
            sumSq += acf[k] * acf[k];
        }
        List<Integer> lags = new ArrayList<>();
        while (maxLag >= 1) {
            int peak = 1;
            for (int k = 2; k <= maxLag; k++) {
                if (acf[k] > acf[peak]) {
                    peak = k;
                }
            }
            if (acf[peak] < band[peak] || acf[peak] < MIN_CORRELATION) {
                break;
            }
            acf[peak] = 0;
            if (MIN_PERIOD < peak && peak < maxLag) {
                lags.add(peak);
            }
        }
        return lags;
    }

    private static double variance(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return ss / x.length;
    }
}
