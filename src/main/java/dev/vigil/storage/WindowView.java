package dev.vigil.storage;

import java.time.Instant;

/**
 * One window as the chart shows it: its aggregate and, once scored, the detector's verdict (null fields while
 * unscored). {@code value} is what the detector judged; {@link #plotted()} falls back to the mean before scoring.
 */
public record WindowView(Instant start, long count, double min, double max, double mean, Double value,
                         Double expected, Double lower, Double upper, boolean anomaly, double severity, Double score,
                         boolean warmingUp, String detector, Integer detectorVersion, String reason) {

    public double plotted() {
        return value != null ? value : mean;
    }
}
