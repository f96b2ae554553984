package dev.vigil.scheduling;

import dev.vigil.aggregation.Windows;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.storage.ClaimStore;
import dev.vigil.storage.ClaimStore.Claim;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One detection run: claim the run's shards (and any shard whose holder's lease expired), then score each claimed
 * shard's closed, unscored windows oldest first, in chunks, up to the run's bound. Any number of replicas may call
 * this at once; the claims make each (run, shard) happen once.
 */
@ApplicationScoped
public class DetectionRun {

    /** Identifies this replica in claims. */
    static final String REPLICA = UUID.randomUUID().toString();

    /** What a run did on this replica. */
    public record Report(Instant cutoff, int shardsClaimed, int windowsScored, int anomalies, long millis) {
    }

    private final ClaimStore claims;
    private final ShardScorer scorer;
    private final DetectionConfig config;
    private final AggregationConfig windows;
    private final MeterRegistry meters;

    public DetectionRun(ClaimStore claims, ShardScorer scorer, DetectionConfig config, AggregationConfig windows,
                        MeterRegistry meters) {
        this.claims = claims;
        this.scorer = scorer;
        this.config = config;
        this.windows = windows;
        this.meters = meters;
    }

    public Report run(Instant now) {
        long t0 = System.nanoTime();
        Duration size = windows.window();
        Instant cutoff = Windows.closedUntil(now, size, config.delay());
        List<Claim> mine = new ArrayList<>(claims.takeOverExpired(REPLICA, config.lease()));
        mine.addAll(claims.claimNew(cutoff, config.shards(), REPLICA, config.lease()));
        int budget = config.maxWindowsPerRun();
        int scored = 0;
        int anomalies = 0;
        Set<Long> series = new HashSet<>();
        for (Claim claim : mine) {
            int shardWindows = 0;
            int shardAnomalies = 0;
            // each claim scores up to what its own run allowed; a taken-over claim keeps its original cutoff
            int shardBudget = Math.max(1, budget / Math.max(1, mine.size()));
            while (shardWindows < shardBudget) {
                ShardScorer.Chunk chunk = scorer.score(claim.shard(), config.shards(), claim.cutoff(), size,
                        Math.min(config.chunk(), shardBudget - shardWindows));
                if (chunk.windows() == 0) {
                    break;
                }
                shardWindows += chunk.windows();
                shardAnomalies += chunk.anomalies();
                series.addAll(chunk.series());
            }
            claims.complete(claim, shardWindows, shardAnomalies);
            scored += shardWindows;
            anomalies += shardAnomalies;
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Timer.builder("vigil.detection.run").register(meters).record(Duration.ofMillis(millis));
        meters.counter("vigil.detection.windows.scored").increment(scored);
        meters.counter("vigil.detection.series.scored").increment(series.size());
        meters.counter("vigil.detection.anomalies").increment(anomalies);
        return new Report(cutoff, mine.size(), scored, anomalies, millis);
    }
}
