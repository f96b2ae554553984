package dev.vigil.detection.batch;

/**
 * The verdict on the last point of a series (see {@link BatchResult} for the meaning of each field).
 */
public record PointResult(int period, BatchResult.Model model, double expected, double upperMargin,
                          double lowerMargin, boolean anomaly, boolean positive, boolean negative, double severity) {
}
