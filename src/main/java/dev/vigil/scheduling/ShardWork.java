package dev.vigil.scheduling;

import java.util.HashSet;
import java.util.Set;

/** What a shard committed; {@code failure}: the database fault that ended it early, or null. */
record ShardWork(int windows, int anomalies, int quarantined, Set<Long> series, RuntimeException failure) {

    static final ShardWork NONE = new ShardWork(0, 0, 0, Set.of(), null);

    ShardWork plus(ShardScorer.Chunk chunk) {
        Set<Long> all = new HashSet<>(series);
        all.addAll(chunk.series());
        return new ShardWork(windows + chunk.windows(), anomalies + chunk.anomalies(),
                quarantined + chunk.quarantined(), all, null);
    }

    ShardWork failed(RuntimeException e) {
        return new ShardWork(windows, anomalies, quarantined, series, e);
    }
}
