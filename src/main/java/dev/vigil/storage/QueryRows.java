package dev.vigil.storage;

import java.time.Instant;

/** The rows the query API answers with, one record per kind. */
public final class QueryRows {

    private QueryRows() {
    }

    /**
     * One stored 5-minute aggregate and how often late events revised it; {@code value} is the one its metric's
     * aggregation takes, what the detector judges.
     */
    public record WindowRow(Instant windowStart, long count, double sum, double min, double max, double mean,
                            double last, double value, int revision, Instant revisedAt) {
    }

    /** One judged window of a series. */
    public record ResultRow(Instant windowStart, double value, Double expected, Double lower, Double upper,
                            boolean anomaly, double severity, double score, boolean warmingUp, String reason,
                            String detector, int detectorVersion, Instant scoredAt) {
    }

    /** A flagged window with the series it belongs to ({@code seriesId} as text: ids exceed JavaScript's integers). */
    public record AnomalyRow(String seriesId, String seriesKey, String metric, Instant windowStart, double value,
                             Double expected, Double lower, Double upper, double severity, double score,
                             String reason, String detector, int detectorVersion) {
    }

    /**
     * A detection run (its cutoff) summed over its shards' claims.
     *
     * @param shards      shards claimed so far (a run claims them one at a time: fewer than configured while running)
     * @param completedAt the last finished shard's end, the run's end once {@code running} is false
     * @param running     some claimed shard has neither finished nor failed yet
     */
    public record RunRow(Instant cutoff, long shards, long shardsCompleted, Instant startedAt, Instant completedAt,
                         long windowsScored, long anomalies, long shardsFailed, long seriesQuarantined,
                         String failures, boolean running) {
    }
}
