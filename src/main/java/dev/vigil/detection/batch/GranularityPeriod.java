package dev.vigil.detection.batch;

import java.util.Arrays;

/**
 * The service's first period guess, before any spectrum: the calendar cycles of the series' granularity, each
 * accepted when a per-phase mean explains enough of the variance, as Microsoft's open-source univariate library
 * describes its "simple" period detector.
 * <ul>
 *   <li>candidates, tried in order (interval i = customInterval): daily 7; hourly 168/i, 24/i; minutely
 *       10080/i, 1440/i, 2880/i; secondly 604800/i, 86400/i, 172800/i; weekly 12, 4; monthly 12; microsecond
 *       1000; none for yearly data or data without timestamps. A candidate needs at least 4 points and more than
 *       two cycles;</li>
 *   <li>test: on the min–max normalized series with 3σ spikes interpolated away, the leave-one-out (GCV) error of
 *       the per-phase means must explain more than 35 % of the variance (period ≤ 24), 15 % (≤ 168) or 10 %;
 *       failing that, the series minus a centred moving median over one cycle (windows truncated at the ends),
 *       spikes again interpolated and every value above its phase's median set to that median (the library's
 *       one-sided spike removal), must pass the same test at 35 %, 65 % or 70 %;</li>
 *   <li>a verified candidate that divides the granularity's standard cycle (daily 7, hourly 168/i, minutely
 *       10080/i, secondly 604800/i, weekly and monthly 12) is replaced by that cycle when the series holds more
 *       than two of them.</li>
 * </ul>
 * The per-phase sums and the moving median are kept in single precision like the library's. On Microsoft's golden
 * cases this finds the weekly cycle of short daily series (29 points) and of hourly series that a spectrum alone
 * reads as daily. Cost O(n·p) for the moving median. Stateless, thread-safe.
 */
public final class GranularityPeriod {

    static final int MIN_PERIOD = 4;

    private GranularityPeriod() {
    }

    /** The verified calendar period, or 0 when none of the granularity's candidates holds. */
    public static int detect(double[] values, Granularity granularity, int interval) {
        int n = values.length;
        int i = Math.max(interval, 1);
        int verified = 0;
        for (int period : candidates(granularity, i)) {
            if (n <= 2 * period || period < MIN_PERIOD) {
                continue;
            }
            if (isValid(values, period)) {
                verified = period;
                break;
            }
        }
        if (verified == 0) {
            return 0;
        }
        int standard = standard(granularity, i);
        if (standard <= 0 || n <= 2 * standard || standard % verified != 0) {
            return verified;
        }
        return standard;
    }

    static int[] candidates(Granularity g, int i) {
        return switch (g) {
            case DAILY -> new int[]{7};
            case HOURLY -> new int[]{168 / i, 24 / i};
            case MINUTELY -> new int[]{1440 * 7 / i, 1440 / i, 1440 * 2 / i};
            case SECONDLY -> new int[]{86400 * 7 / i, 86400 / i, 86400 * 2 / i};
            case WEEKLY -> new int[]{12, 4};
            case MONTHLY -> new int[]{12};
            case MICROSECOND -> new int[]{1000};
            case YEARLY, NONE -> new int[0];
        };
    }

    private static int standard(Granularity g, int i) {
        return switch (g) {
            case DAILY -> 7;
            case HOURLY -> 168 / i;
            case MINUTELY -> 1440 * 7 / i;
            case SECONDLY -> 86400 * 7 / i;
            case WEEKLY, MONTHLY -> 12;
            default -> 0;
        };
    }

    static boolean isValid(double[] values, int period) {
        double[] normed = DynamicThreshold.normalize(values);
        double[] smooth = smoothSpikes(normed);
        if (isZero(variance(smooth))) {
            return false;
        }
        if (explains(smooth, period, false)) {
            return true;
        }
        double[] trend = truncatedMedian(normed, period);
        double[] detrended = new double[normed.length];
        for (int k = 0; k < normed.length; k++) {
            detrended[k] = normed[k] - trend[k];
        }
        detrended = capAtPhaseMedian(smoothSpikes(detrended), period);
        if (isZero(variance(detrended))) {
            return false;
        }
        return explains(detrended, period, true);
    }

    /** 1 − GCV error / variance above the threshold for the period (an exact fit counts as 1). */
    private static boolean explains(double[] v, int period, boolean detrended) {
        double threshold = detrended
                ? (period <= 24 ? 0.35 : period <= 168 ? 0.65 : 0.7)
                : (period <= 24 ? 0.35 : period <= 168 ? 0.15 : 0.1);
        double cv = gcv(v, period);
        double score = isZero(cv) ? 1 : 1 - cv / variance(v);
        return score > threshold;
    }

    /** Leave-one-out error of the per-phase means, Σ (c/(c−1))²·(Σy² − (Σy)²/c) / n, in single precision sums. */
    static double gcv(double[] v, int period) {
        float[] sum = new float[period];
        float[] sumSq = new float[period];
        int[] count = new int[period];
        for (int k = 0; k < v.length; k++) {
            float y = (float) v[k];
            sum[k % period] += y;
            sumSq[k % period] += y * y;
            count[k % period]++;
        }
        float cv = 0;
        for (int p = 0; p < period; p++) {
            double c = count[p];
            cv = (float) (cv + (c / (c - 1)) * (c / (c - 1)) * (sumSq[p] - (double) sum[p] * sum[p] / c));
        }
        return cv / v.length;
    }

    /** Points 3 (population) standard deviations from the mean, replaced by linear interpolation. */
    static double[] smoothSpikes(double[] x) {
        int n = x.length;
        double mean = Arrays.stream(x).average().orElse(0);
        double std = Math.sqrt(variance(x)) + 1e-8;
        double[] out = x.clone();
        for (int k = 0; k < n; k++) {
            if (Math.abs(x[k] - mean) / std >= 3) {
                out[k] = Double.NaN;
            }
        }
        return DynamicThreshold.interpolate(out);
    }

    /**
     * Centred moving median over period/2·2 + 1 points, windows truncated at the series ends, single precision;
     * a sorted window slides along (binary search and shift), O(n·p) moves at worst.
     */
    static double[] truncatedMedian(double[] x, int period) {
        int n = x.length;
        int half = period / 2;
        double[] out = new double[n];
        if (n < 2 * half + 1) {
            for (int k = 0; k < n; k++) {
                out[k] = (float) x[k];
            }
            return out;
        }
        double[] win = new double[2 * half + 1]; // float values, kept sorted in win[0..size)
        int size = 0;
        for (int j = 0; j <= half; j++) {
            size = insert(win, size, (float) x[j]);
        }
        for (int k = 0; k < n; k++) {
            if (k - half - 1 >= 0) {
                size = remove(win, size, (float) x[k - half - 1]);
            }
            if (k > 0 && k + half < n) {
                size = insert(win, size, (float) x[k + half]);
            }
            int m = size / 2;
            out[k] = size % 2 == 1 ? win[m] : (float) (0.5 * (float) (win[m - 1] + win[m]));
        }
        return out;
    }

    private static int insert(double[] win, int size, double v) {
        int at = Arrays.binarySearch(win, 0, size, v);
        at = at < 0 ? -at - 1 : at;
        System.arraycopy(win, at, win, at + 1, size - at);
        win[at] = v;
        return size + 1;
    }

    private static int remove(double[] win, int size, double v) {
        int at = Arrays.binarySearch(win, 0, size, v);
        System.arraycopy(win, at + 1, win, at, size - at - 1);
        return size - 1;
    }

    /** Each phase: values above the phase median (single precision) by more than 3·(1.4826·m + 1e-8) set to it. */
    static double[] capAtPhaseMedian(double[] v, int period) {
        double[] out = v.clone();
        for (int p = 0; p < period && p < v.length; p++) {
            int count = (v.length - p + period - 1) / period;
            float[] sub = new float[count];
            for (int k = 0; k < count; k++) {
                sub[k] = (float) v[p + k * period];
            }
            double median = floatMedian(sub.clone());
            float[] dev = new float[count];
            for (int k = 0; k < count; k++) {
                dev[k] = (float) (v[p + k * period] - median);
            }
            // the library's scale is the median of the signed deviations, about 0: it caps everything above
            double scale = 1.4826 * floatMedian(dev) + 1e-8;
            for (int k = 0; k < count; k++) {
                if ((v[p + k * period] - median) / scale >= 3.0) {
                    out[p + k * period] = median;
                }
            }
        }
        return out;
    }

    private static float floatMedian(float[] a) {
        Arrays.sort(a);
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (float) (0.5 * (a[m - 1] + a[m]));
    }

    private static double variance(double[] x) {
        double mean = Arrays.stream(x).average().orElse(0);
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return ss / x.length;
    }

    /** numpy's isclose(v, 0): |v| ≤ 1e-8. */
    private static boolean isZero(double v) {
        return Math.abs(v) <= 1e-8;
    }
}
