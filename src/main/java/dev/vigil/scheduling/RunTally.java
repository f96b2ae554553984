package dev.vigil.scheduling;

import java.util.HashSet;
import java.util.Set;

/** What the shards of one run added up to on this replica, as its workers report them. Thread-safe. */
final class RunTally {

    private int claimed;
    private int windows;
    private int anomalies;
    private int quarantined;
    private int failedShards;
    private final Set<Long> series = new HashSet<>();

    synchronized void add(int shardWindows, int shardAnomalies, int shardQuarantined, Set<Long> shardSeries,
                          boolean failed) {
        claimed++;
        windows += shardWindows;
        anomalies += shardAnomalies;
        quarantined += shardQuarantined;
        failedShards += failed ? 1 : 0;
        series.addAll(shardSeries);
    }

    synchronized int claimed() {
        return claimed;
    }

    synchronized int windows() {
        return windows;
    }

    synchronized int anomalies() {
        return anomalies;
    }

    synchronized int quarantined() {
        return quarantined;
    }

    synchronized int failedShards() {
        return failedShards;
    }

    synchronized Set<Long> series() {
        return new HashSet<>(series);
    }
}
