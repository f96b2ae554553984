package dev.vigil.storage;

/**
 * The partial index through which each shard finds its windows to score: {@code (shard expression, window_start,
 * series_id)} over unscored windows only. PostgreSQL uses an expression index only for a query with the very same
 * expression, constant included, so there is one index per shard count: Flyway creates the default's (8 shards),
 * and a replica configured with another count creates its own at start (see {@link ScoringStore#ensurePendingIndex}).
 */
final class PendingIndex {

    private PendingIndex() {
    }

    /**
     * A window whose latest revision the detector has not judged: the flag ingestion sets and scoring clears (V56),
     * equal to {@code scored_revision is null or scored_revision < revision} but kept in its own column so that a
     * merge into an unscored window changes no indexed column and can be a HOT update.
     */
    static String pending(String alias) {
        return "%s.pending".formatted(alias);
    }

    /** The shard of a row's series: {@code abs(series_id % shards)}, the same for every replica. */
    static String shardOf(String alias, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, was " + shards);
        }
        return "abs(%s.series_id %% %d)".formatted(alias, shards);
    }

    static String name(int shards) {
        return "window_aggregate_pending_s" + shards;
    }

    static String create(int shards) {
        return "create index if not exists %s on window_aggregate ((%s), window_start, series_id) where %s"
                .formatted(name(shards), shardOf("window_aggregate", shards), pending("window_aggregate"));
    }
}
