package dev.vigil.scheduling;

import dev.vigil.storage.ClaimStore.Claim;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the shards of one run added up to on this replica, as its workers report them. Thread-safe. */
final class RunTally {

    private int claimed;
    private int windows;
    private int anomalies;
    private int quarantined;
    private int failedShards;
    private final Set<Long> series = new HashSet<>();
    private final List<Claim> failed = new ArrayList<>();

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

    /** A shard this run failed: no worker of the run takes it over again (the next run does). */
    synchronized void failed(Claim claim) {
        failed.add(claim);
    }

    synchronized List<Claim> failedClaims() {
        return List.copyOf(failed);
    }

    synchronized Set<Long> series() {
        return new HashSet<>(series);
    }
}
