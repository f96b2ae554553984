package dev.vigil.detection.batch;

import java.util.function.Function;

/**
 * The service's second decomposition of a seasonal series: after a first decomposition, the detrended values
 * (x − trend) lying at least {@value #Z} population standard deviations from their mean are outliers; those in a
 * phase of the cycle where such outliers are rare (in at most half of the cycles) are replaced by the detrended
 * value just before them (the first known one after them at the start), and the series is decomposed again
 * with those values put back on the first trend. Outliers that recur in the same phase are part of the pattern and
 * stay.
 *
 * <p>Why: even a robust periodic decomposition lets an isolated extreme value pull the pattern of its phase (each
 * phase is a weighted mean over only n/p cycles), and the service's expected values show this replacement: on
 * Microsoft's golden case {@code period_fix_data_hourly_yahoo_154} a single spike shifts every expected value of
 * its phase unless it is first replaced by its predecessor.
 *
 * <p>Thread-safe (stateless).
 */
final class OutlierRefit {

    static final double Z = 3;

    private OutlierRefit() {
    }

    /**
     * @param decompose the decomposition to run (called once, or twice when isolated outliers are found)
     * @return the last decomposition (its remainder is that of the refilled series: the replaced outliers' own
     *         deviations are x − trend − seasonal)
     */
    static SeasonalDecomposition decompose(double[] x, int period,
                                           Function<double[], SeasonalDecomposition> decompose) {
        SeasonalDecomposition first = decompose.apply(x);
        int n = x.length;
        double[] trend = first.trend();
        double[] detrended = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            detrended[i] = x[i] - trend[i];
            mean += detrended[i];
        }
        mean /= n;
        double var = 0;
        for (double v : detrended) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / n);
        if (!(std > 0)) {
            return first;
        }
        boolean[] outlier = new boolean[n];
        int[] perPhase = new int[period];
        for (int i = 0; i < n; i++) {
            outlier[i] = Math.abs(detrended[i] - mean) / std >= Z;
            perPhase[i % period] += outlier[i] ? 1 : 0;
        }
        int rare = (int) ((double) n / period / 2);
        boolean any = false;
        for (int i = 0; i < n; i++) {
            outlier[i] = outlier[i] && perPhase[i % period] <= rare;
            any |= outlier[i];
        }
        if (!any) {
            return first;
        }
        double[] refilled = new double[n];
        double previous = Double.NaN;
        for (int i = 0; i < n; i++) {
            if (!outlier[i]) {
                previous = detrended[i];
            }
            refilled[i] = previous; // NaN only before the first kept point
        }
        for (int i = n - 2; i >= 0; i--) {
            if (Double.isNaN(refilled[i])) {
                refilled[i] = refilled[i + 1];
            }
        }
        for (int i = 0; i < n; i++) {
            refilled[i] += trend[i];
        }
        return decompose.apply(refilled);
    }
}
