package dev.vigil.scheduling;

import java.time.Duration;
import java.time.Instant;

/**
 * What one run scores: windows closed before {@code cutoff}, of {@code size}, at most {@code shardBudget} per shard,
 * with {@code workers} shards at once on this replica.
 */
record RunPlan(Instant cutoff, Duration size, int shardBudget, int workers) {
}
