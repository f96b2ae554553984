package dev.vigil.detection.batch;

/**
 * What the caller asks of a batch detection, already validated at the edge and translated to plain numbers.
 *
 * @param period          points per cycle; {@link #AUTO_PERIOD} to detect it, 0 or 1 for "no cycle"
 * @param sensitivity     0..100; higher means narrower margins and more anomalies (100 = zero margin)
 * @param maxAnomalyRatio upper bound on the fraction of anomalies, in (0, 0.5)
 * @param shortInterval   true for sub-hour minutely/secondly data, where the spectral-residual model applies to
 *                        non-periodic series
 * @param trendBoundary   the service's trend-based margins (any {@code boundaryVersion} other than V1): margins
 *                        and the final anomaly verdict measured against the model's trend instead of |expected|
 */
public record BatchSettings(int period, double sensitivity, double maxAnomalyRatio, boolean shortInterval,
                            boolean trendBoundary) {

    /** Period value meaning "detect it". */
    public static final int AUTO_PERIOD = -1;

    public BatchSettings {
        if (period < AUTO_PERIOD) {
            throw new IllegalArgumentException("period must be >= 0 or AUTO_PERIOD, was " + period);
        }
        if (!(sensitivity >= 0 && sensitivity <= 100)) {
            throw new IllegalArgumentException("sensitivity must be in [0, 100], was " + sensitivity);
        }
        if (!(maxAnomalyRatio > 0 && maxAnomalyRatio < 0.5)) {
            throw new IllegalArgumentException("maxAnomalyRatio must be in (0, 0.5), was " + maxAnomalyRatio);
        }
    }

    /** Settings with the default boundary version (V1, margins proportional to |expected|). */
    public BatchSettings(int period, double sensitivity, double maxAnomalyRatio, boolean shortInterval) {
        this(period, sensitivity, maxAnomalyRatio, shortInterval, false);
    }

    /** The service's defaults: detected period, sensitivity 99, ratio 0.25. */
    public static BatchSettings defaults() {
        return new BatchSettings(AUTO_PERIOD, 99, 0.25, false);
    }

    BatchSettings withRatio(double ratio) {
        return new BatchSettings(period, sensitivity, ratio, shortInterval, trendBoundary);
    }
}
