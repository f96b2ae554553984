package dev.vigil.detection.batch;

import java.util.Arrays;
import java.util.List;

/**
 * The service's model for a series with a period, as Microsoft's open-source univariate library describes it (its
 * seasonal-series detector), for entire and last-point detection:
 * <ol>
 *   <li>decomposition: {@link ReferenceStl} of the series. Last-point detection also decomposes the series
 *       extended by one point, the median of the values one, two, ... cycles before that point, and keeps the fit
 *       whose remainder at the last real point is smaller (the extension keeps a deviating newest point from
 *       bending the trend's end). Points of the detrended series more than 3 standard deviations from its mean,
 *       in a phase where that happens in at most half the cycles, are replaced by the previous point and the
 *       decomposition is redone on them plus the trend. When the mean |remainder / value| exceeds 10 %, the same
 *       is done on the logarithm of the series (shifted to start at 1 when it goes below 1) and used if that
 *       brings it under 5 %;</li>
 *   <li>anomalies: per tail, a robust generalized ESD on the min–max normalized de-seasoned series, a z-score test
 *       on it and a robust ESD on the normalized remainder (see {@link DynamicThreshold}; for the last point the
 *       ESDs start at its rank and stop at their first hit, returning every more extreme point with it), merged
 *       by rank, at most max(⌈n·ratio⌉, 1) (≤ n/2 − 1) per tail;</li>
 *   <li>expected values: the seasonal plus the trend, whose values at anomalies are replaced by linear
 *       interpolation (constant past the ends), and over the last ⌊p/2⌋ points too when at least half of those are
 *       anomalies.</li>
 * </ol>
 * On Microsoft's golden cases this reproduces the expected values to about 1e-11: for the last point, a spike
 * ending a noise-free cycle is absorbed by the fit when the robustness weights of the exact points are decided by
 * rounding noise (the sine cases), and judged against the cycle when an exact fit of the spike's phase cannot
 * absorb it (the pulse cases); for entire detection, every periodic golden case including the noisy Yahoo and
 * profiling series.
 *
 * <p>Input must be NaN-free with more than two periods. Stateless, thread-safe.
 */
final class SeasonalSeries {

    static final double MAPE_UPPER = 0.10;
    static final double MAPE_LOWER = 0.05;
    static final double OUTLIER_Z = 3;

    private SeasonalSeries() {
    }

    /**
     * Anomaly flags, expected values and the trend part of the expected values (the decomposition's trend with the
     * anomalies interpolated over, which the service's trend-based margins are measured against).
     */
    record Result(boolean[] anomaly, double[] expected, double[] trend) {
    }

    /** @param lastOnly last-point detection: end-adjusted decomposition, ESD from the last point's rank */
    static Result detect(double[] x, int period, double ratio, double alpha, boolean lastOnly) {
        int n = x.length;
        SeasonalDecomposition d = decompose(x, period, lastOnly);
        int last = lastOnly ? n - 1 : -1;
        double[] deseasoned = new double[n];
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) {
            deseasoned[i] = x[i] - d.seasonal()[i];
            remainder[i] = deseasoned[i] - d.trend()[i];
        }
        int max = DynamicThreshold.maxOutliers(n, Math.max(ratio, 1.0 / n));
        boolean[] flagged = new boolean[n];
        if (max > 0) {
            Ranked values = Ranked.of(DynamicThreshold.normalize(deseasoned));
            Ranked rest = Ranked.of(DynamicThreshold.normalize(remainder));
            for (boolean upper : new boolean[]{true, false}) {
                List<List<Integer>> picks = List.of(
                        DynamicThreshold.esd(values.sorted, values.order, max, alpha, upper, values.majority, last),
                        DynamicThreshold.zScore(values.sorted, values.order, max, upper),
                        DynamicThreshold.esd(rest.sorted, rest.order, max, alpha, upper, rest.majority, last));
                for (int idx : DynamicThreshold.merge(picks, max, n)) {
                    flagged[idx] = true;
                }
            }
        }
        double[] trend = expectedTrend(d, flagged, period);
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = trend[i] + d.seasonal()[i];
        }
        return new Result(flagged, e, trend);
    }

    /** Values sorted ascending (ties in time order), their indices, and the majority value if any. */
    private record Ranked(double[] sorted, Integer[] order, Double majority) {
        static Ranked of(double[] v) {
            int n = v.length;
            Integer[] order = Filters.ascendingOrder(v);
            double[] sorted = new double[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = v[order[i]];
            }
            return new Ranked(sorted, order, DynamicThreshold.majorityValue(sorted));
        }
    }

    private static double[] expectedTrend(SeasonalDecomposition d, boolean[] flagged, int period) {
        int n = flagged.length;
        double[] trend = d.trend().clone();
        boolean any = false;
        for (int i = 0; i < n; i++) {
            if (flagged[i]) {
                trend[i] = Double.NaN;
                any = true;
            }
        }
        if (any) {
            int window = period / 2;
            int recent = 0;
            for (int i = Math.max(0, n - window); i < n; i++) {
                recent += flagged[i] ? 1 : 0;
            }
            if (recent >= 0.5 * window) {
                Arrays.fill(trend, Math.max(0, n - window), n, Double.NaN);
            }
            trend = DynamicThreshold.interpolate(trend);
        }
        return trend;
    }

    /** The decomposition step of the class comment: outliers replaced, log form when it fits better. */
    static SeasonalDecomposition decompose(double[] x, int period, boolean endAdjusted) {
        SeasonalDecomposition d = withoutOutliers(x, period, false, endAdjusted);
        if (meanRelativeRemainder(d, x) > MAPE_UPPER) {
            SeasonalDecomposition log = withoutOutliers(x, period, true, endAdjusted);
            if (meanRelativeRemainder(log, x) < MAPE_LOWER) {
                d = log;
            }
        }
        return d;
    }

    /** mean |remainder / x|: infinite or NaN when x has zeros, which then never selects the log form. */
    private static double meanRelativeRemainder(SeasonalDecomposition d, double[] x) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs(d.remainder()[i] / x[i]);
        }
        return sum / x.length;
    }

    private static SeasonalDecomposition withoutOutliers(double[] x, int period, boolean log, boolean endAdjusted) {
        int n = x.length;
        SeasonalDecomposition d = endAdjusted ? endAdjusted(x, period, log) : stl(x, period, log);
        double[] detrended = new double[n];
        for (int i = 0; i < n; i++) {
            detrended[i] = d.remainder()[i] + d.seasonal()[i];
        }
        boolean[] outlier = outliers(detrended, period);
        boolean found = false;
        for (int i = 0; i < n; i++) {
            if (outlier[i]) {
                found = true;
                detrended[i] = Double.NaN;
            }
        }
        if (!found) {
            return d;
        }
        double[] y = ImputeMode.PREVIOUS.fill(detrended, 0);
        int first = 0;
        while (Double.isNaN(y[first])) {
            first++;
        }
        for (int i = 0; i < n; i++) {
            y[i] = (Double.isNaN(y[i]) ? y[first] : y[i]) + d.trend()[i];
        }
        return endAdjusted ? endAdjusted(y, period, log) : stl(y, period, log);
    }

    /** Points beyond 3 population standard deviations, in phases where that happens in at most half the cycles. */
    static boolean[] outliers(double[] v, int period) {
        int n = v.length;
        double mean = 0;
        for (double a : v) {
            mean += a;
        }
        mean /= n;
        double ss = 0;
        for (double a : v) {
            ss += (a - mean) * (a - mean);
        }
        double std = Math.sqrt(ss / n);
        boolean[] out = new boolean[n];
        if (std == 0) {
            return out;
        }
        int[] perPhase = new int[period];
        for (int i = 0; i < n; i++) {
            if (Math.abs(v[i] - mean) / std >= OUTLIER_Z) {
                out[i] = true;
                perPhase[i % period]++;
            }
        }
        int limit = (int) ((double) n / period / 2);
        for (int i = 0; i < n; i++) {
            out[i] &= perPhase[i % period] <= limit;
        }
        return out;
    }

    /**
     * The decomposition of {@code x} or of {@code x} extended by the median of its values at the newest point's
     * phase (cut back to n points), whichever leaves the smaller |remainder| at x's last point.
     */
    static SeasonalDecomposition endAdjusted(double[] x, int period, boolean log) {
        int n = x.length;
        int count = (n - period) / period + 1;
        double[] phase = new double[count];
        for (int k = 0; k < count; k++) {
            phase[k] = x[n - period - k * period];
        }
        double[] extended = Arrays.copyOf(x, n + 1);
        extended[n] = Filters.median(phase);
        SeasonalDecomposition plain = stl(x, period, log);
        SeasonalDecomposition adjusted = stl(extended, period, log);
        if (Math.abs(plain.remainder()[n - 1]) <= Math.abs(adjusted.remainder()[n - 1])) {
            return plain;
        }
        return new SeasonalDecomposition(Arrays.copyOf(adjusted.trend(), n), Arrays.copyOf(adjusted.seasonal(), n),
                Arrays.copyOf(adjusted.remainder(), n));
    }

    /**
     * {@link ReferenceStl}, or for {@code log} the same on ln(x) (x shifted to start at 1 when its minimum is
     * below 1) mapped back: trend e^T, seasonal e^(T+S) − e^T, remainder what is left.
     */
    private static SeasonalDecomposition stl(double[] x, int period, boolean log) {
        if (!log) {
            return ReferenceStl.periodicRobust(x, period);
        }
        int n = x.length;
        double base = Arrays.stream(x).min().orElse(0);
        double shift = base < 1 ? 1 - base : 0;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.log(x[i] + shift);
        }
        SeasonalDecomposition d = ReferenceStl.periodicRobust(y, period);
        double[] trend = new double[n];
        double[] seasonal = new double[n];
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) {
            double t = Math.exp(d.trend()[i]);
            seasonal[i] = Math.exp(d.trend()[i] + d.seasonal()[i]) - t;
            remainder[i] = x[i] + shift - t - seasonal[i];
            trend[i] = t - shift;
        }
        return new SeasonalDecomposition(trend, seasonal, remainder);
    }
}
