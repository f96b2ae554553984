package dev.vigil.storage;

import java.time.Instant;

/**
 * One window as the chart shows it: its aggregate and, once scored, the detector's verdict (null fields while
 * unscored). {@code aggregated} is the window's value under its metric's aggregation, what the detector will judge
 * (the mean unless the metric sets another); {@code value} is what the detector judged, kept as it was judged when
 * the aggregation changed later; {@link #plotted()} falls back to {@code aggregated} before scoring.
 */
public record WindowView(Instant start, long count, double min, double max, double mean, double aggregated,
                         Double value, Double expected, Double lower, Double upper, boolean anomaly, double severity,
                         Double score, boolean warmingUp, String detector, Integer detectorVersion, String reason) {

    public double plotted() {
        return value != null ? value : aggregated;
    }
}
