package dev.vigil.detection.batch;

/**
 * The engine's entire-series fit of a history, split into trend and seasonal, for the meters study's forecasts
 * (BENCHMARKS "Coarse series", branch meters5): with a period p &gt; 1 and more than 2p + 1 points, the service's
 * seasonal model ({@link SeasonalSeries}, the trend interpolated over its anomalies); otherwise the engine's
 * entire-series expected values as the trend and no seasonal.
 *
 * @param trend    the trend per point
 * @param expected trend + seasonal per point
 */
public record HistoryFit(double[] trend, double[] expected) {

    /** The fit of {@code x} (gap-free) with the period the engine was given. */
    public static HistoryFit of(double[] x, int period) {
        if (period > 1 && 2 * period + 1 <= x.length) {
            SeasonalSeries.Result r = SeasonalSeries.detect(x, period, 0.25, BatchDetector.ESD_ALPHA, false);
            return new HistoryFit(r.trend(), r.expected());
        }
        double[] e = BatchDetector.detectEntire(x, new BatchSettings(0, 99, 0.25, false, false)).expected();
        return new HistoryFit(e, e);
    }

    /** The seasonal part of point {@code i}. */
    public double seasonal(int i) {
        return expected[i] - trend[i];
    }
}
