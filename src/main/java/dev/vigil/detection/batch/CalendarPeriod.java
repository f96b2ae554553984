package dev.vigil.detection.batch;

/**
 * The service's first look for a period: the calendar cycles a granularity suggests (hourly: a week, then a day;
 * minutely and secondly: a week, a day, two days; daily: a week; weekly: a quarter, then four weeks; monthly: a
 * year; microsecond: 1,000), each divided by the custom interval, are tried in that order, and the first one that
 * explains enough of the variance wins. When the series also spans more than two weeks-worth (the granularity's
 * standard cycle) and that standard cycle is a multiple of the winner, the standard cycle is answered instead:
 * minutely data with a daily rhythm over a month gets a weekly period. Only when no calendar cycle fits does the
 * spectral {@link PeriodDetector} look.
 *
 * <p>"Explains enough": on the min–max normalized series with 3-sigma spikes interpolated away, a cross-validated
 * per-phase mean must leave less than a share of the variance (cycles up to 24 points: 65 %; up to 168: 85 %;
 * longer: 90 %); failing that, the same test after removing a centred moving median of one cycle, with spikes and
 * the values above their phase median cut back to that median, must leave less than 65 % (≤ 24), 35 % (≤ 168) or
 * 30 % (longer). The cross-validated error of phase means is Σ_phase (c/(c−1))²·Σ(y − ȳ)² / n (leave-one-out).
 *
 * <p>Thread-safe (stateless).
 */
public final class CalendarPeriod {

    private CalendarPeriod() {
    }

    /** The calendar period of {@code values}, or 0 when none of the granularity's cycles fits. */
    public static int detect(double[] values, Granularity granularity, int interval) {
        int iv = Math.max(interval, 1);
        int n = values.length;
        for (int p : candidates(granularity, iv)) {
            if (n <= 2 * p || p < PeriodDetector.MIN_PERIOD) {
                continue;
            }
            if (fits(values, p)) {
                int standard = standard(granularity, iv);
                return standard <= 0 || n <= 2 * standard || standard % p != 0 ? p : standard;
            }
        }
        return 0;
    }

    static int[] candidates(Granularity g, int iv) {
        return switch (g) {
            case DAILY -> new int[] {7};
            case HOURLY -> new int[] {168 / iv, 24 / iv};
            case MINUTELY -> new int[] {1440 * 7 / iv, 1440 / iv, 1440 * 2 / iv};
            case SECONDLY -> new int[] {86400 * 7 / iv, 86400 / iv, 86400 * 2 / iv};
            case WEEKLY -> new int[] {12, 4};
            case MONTHLY -> new int[] {12};
            case MICROSECOND -> new int[] {1000};
            default -> new int[0];
        };
    }

    /** The granularity's standard cycle (0: none, and microsecond data keeps what it found). */
    static int standard(Granularity g, int iv) {
        return switch (g) {
            case DAILY -> 7;
            case HOURLY -> 168 / iv;
            case MINUTELY -> 1440 * 7 / iv;
            case SECONDLY -> 86400 * 7 / iv;
            case WEEKLY, MONTHLY -> 12;
            default -> 0;
        };
    }

    static boolean fits(double[] values, int period) {
        double[] normed = SeasonalAnomalies.normalize(values);
        double[] smooth = smoothSpikes(normed);
        if (isZero(variance(smooth))) {
            return false;
        }
        if (explained(smooth, period) > (period <= 24 ? 0.35 : period <= 168 ? 0.15 : 0.1)) {
            return true;
        }
        double[] detrended = normed.clone();
        if (normed.length >= (period / 2) * 2 + 1) {
            double[] trend = Filters.movingMedian(normed, period);
            for (int i = 0; i < detrended.length; i++) {
                detrended[i] -= trend[i];
            }
        } else {
            java.util.Arrays.fill(detrended, 0);
        }
        detrended = cutHighValues(smoothSpikes(detrended), period);
        if (isZero(variance(detrended))) {
            return false;
        }
        return explained(detrended, period) > (period <= 24 ? 0.35 : period <= 168 ? 0.65 : 0.7);
    }

    /** 1 − (cross-validated error of the phase means) / variance; 1 when that error is nil. */
    static double explained(double[] y, int period) {
        double[] sum = new double[period];
        double[] sumSq = new double[period];
        int[] count = new int[period];
        for (int i = 0; i < y.length; i++) {
            sum[i % period] += y[i];
            sumSq[i % period] += y[i] * y[i];
            count[i % period]++;
        }
        double cv = 0;
        for (int p = 0; p < period; p++) {
            double c = count[p];
            cv += (c / (c - 1)) * (c / (c - 1)) * (sumSq[p] - sum[p] * sum[p] / c);
        }
        cv /= y.length;
        return isZero(cv) ? 1 : 1 - cv / variance(y);
    }

    /** Values 3 population standard deviations (+10⁻⁸) from the mean, replaced by linear interpolation. */
    static double[] smoothSpikes(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double std = Math.sqrt(variance(x)) + 1e-8;
        double[] out = x.clone();
        for (int i = 0; i < n; i++) {
            if (Math.abs(x[i] - mean) / std >= 3) {
                out[i] = Double.NaN;
            }
        }
        return ImputeMode.AUTO.fill(out, 0);
    }

    /**
     * Per phase, values above the phase median are set to it: the service's spike rule there divides by a spread
     * that is the median of the signed deviations (≈ 0, plus 10⁻⁸), so every value above the median counts.
     */
    static double[] cutHighValues(double[] x, int period) {
        double[] out = x.clone();
        for (int p = 0; p < period; p++) {
            int c = (x.length - p + period - 1) / period;
            double[] sub = new double[c];
            for (int k = 0; k < c; k++) {
                sub[k] = x[p + k * period];
            }
            double med = Filters.median(sub);
            double[] dev = new double[c];
            for (int k = 0; k < c; k++) {
                dev[k] = sub[k] - med;
            }
            double spread = 1.4826 * Filters.median(dev) + 1e-8;
            for (int k = 0; k < c; k++) {
                if (dev[k] / spread >= 3.0) {
                    out[p + k * period] = med;
                }
            }
        }
        return out;
    }

    private static double variance(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / x.length;
    }

    private static boolean isZero(double v) {
        return Math.abs(v) <= 1e-8;
    }
}
