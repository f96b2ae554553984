package dev.vigil.scheduling;

import dev.vigil.aggregation.Windows;
import dev.vigil.alerting.IncidentRun;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.storage.ClaimStore;
import dev.vigil.storage.ClaimStore.Claim;
import dev.vigil.storage.FaultKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One detection run: claim the run's shards (and any shard whose holder's lease expired), then score each claimed
 * shard's closed, unscored windows oldest first, in chunks, up to the run's bound. Any number of replicas may call
 * this at once; the claims make each (run, shard) happen once.
 *
 * <p>Shards always complete unless the database itself fails: a chunk that cannot be stored is narrowed to the
 * series that cause it, which are quarantined. A database fault ends the shard with its reason recorded and its
 * lease released, so the next run anywhere takes it over.
 */
@ApplicationScoped
public class DetectionRun {

    private static final Logger LOG = Logger.getLogger(DetectionRun.class);

    /** Identifies this replica in claims. */
    static final String REPLICA = UUID.randomUUID().toString();

    /** What a run did on this replica. */
    public record Report(Instant cutoff, int shardsClaimed, int windowsScored, int anomalies, long millis,
                         int shardsFailed, int seriesQuarantined) {
    }

    /** What a shard committed; {@code failure}: the database fault that ended it early, or null. */
    private record ShardWork(int windows, int anomalies, int quarantined, Set<Long> series, RuntimeException failure) {

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

    private final ClaimStore claims;
    private final ShardScorer scorer;
    private final DetectionConfig config;
    private final AggregationConfig windows;
    private final MeterRegistry meters;
    private final IncidentRun incidents;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger active = new AtomicInteger();

    public DetectionRun(ClaimStore claims, ShardScorer scorer, DetectionConfig config, AggregationConfig windows,
                        MeterRegistry meters, IncidentRun incidents) {
        this.claims = claims;
        this.scorer = scorer;
        this.config = config;
        this.windows = windows;
        this.meters = meters;
        this.incidents = incidents;
    }

    public Report run(Instant now) {
        long t0 = System.nanoTime();
        active.incrementAndGet();
        try {
            Duration size = windows.window();
            Instant cutoff = Windows.closedUntil(now, size, config.delay());
            List<Claim> mine = new ArrayList<>();
            if (!stopping.get()) {
                mine.addAll(claims.takeOverExpired(REPLICA, config.lease()));
                mine.addAll(claims.claimNew(cutoff, config.shards(), REPLICA, config.lease()));
            }
            // each claim scores up to what its own run allowed; a taken-over claim keeps its original cutoff
            int shardBudget = Math.max(1, config.maxWindowsPerRun() / Math.max(1, mine.size()));
            int scored = 0;
            int anomalies = 0;
            int failedShards = 0;
            int quarantined = 0;
            Set<Long> series = new HashSet<>();
            for (Claim claim : mine) {
                ShardWork work = scoreShard(claim, size, shardBudget);
                if (work.failure() != null) {
                    failedShards++;
                    recordFailure(claim, work.failure(), work);
                } else if (stopping.get()) {
                    claims.fail(claim, "the replica shut down before the shard finished", work.windows(),
                            work.anomalies(), work.quarantined());
                } else {
                    claims.complete(claim, work.windows(), work.anomalies(), work.quarantined());
                }
                scored += work.windows();
                anomalies += work.anomalies();
                quarantined += work.quarantined();
                series.addAll(work.series());
            }
            updateIncidents(cutoff);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            Timer.builder("vigil.detection.run").register(meters).record(Duration.ofMillis(millis));
            meters.counter("vigil.detection.windows.scored").increment(scored);
            meters.counter("vigil.detection.series.scored").increment(series.size());
            meters.counter("vigil.detection.anomalies").increment(anomalies);
            meters.counter("vigil.detection.series.quarantined").increment(quarantined);
            meters.counter("vigil.detection.shard.failures").increment(failedShards);
            LOG.infof("detection run %s: %d shards, %d windows scored, %d anomalies, %d series quarantined, "
                    + "%d shards failed, %d ms", cutoff, mine.size(), scored, anomalies, quarantined, failedShards,
                    millis);
            return new Report(cutoff, mine.size(), scored, anomalies, millis, failedShards, quarantined);
        } finally {
            active.decrementAndGet();
        }
    }

    /** Incidents follow the anomalies just decided; a failed pass leaves them for the next run's. */
    private void updateIncidents(Instant cutoff) {
        try {
            IncidentRun.Pass pass = incidents.update(cutoff);
            if (pass.opened() + pass.updated() + pass.resolved() > 0) {
                LOG.infof("incidents %s: %d opened, %d updated, %d resolved", cutoff, pass.opened(), pass.updated(),
                        pass.resolved());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "incidents %s: not updated, the next run retries", cutoff);
        }
    }

    private ShardWork scoreShard(Claim claim, Duration size, int budget) {
        ShardWork done = new ShardWork(0, 0, 0, Set.of(), null);
        while (done.windows() < budget && !stopping.get()) {
            int limit = Math.min(config.chunk(), budget - done.windows());
            ShardScorer.Chunk chunk;
            try {
                chunk = scoreChunk(claim, size, limit);
            } catch (RuntimeException e) {
                return done.failed(e);
            }
            if (chunk.windows() == 0 && chunk.quarantined() == 0) {
                break;
            }
            done = done.plus(chunk);
        }
        return done;
    }

    private ShardScorer.Chunk scoreChunk(Claim claim, Duration size, int limit) {
        try {
            return scorer.score(claim.shard(), config.shards(), claim.cutoff(), size, limit);
        } catch (RuntimeException e) {
            if (FaultKind.of(e) == FaultKind.TRANSIENT) {
                throw e;
            }
            LOG.warnf(e, "shard %d: a chunk failed to store; retrying it series by series", claim.shard());
            return isolate(claim, size, limit);
        }
    }

    /** Scores a failed chunk's series one transaction each; those that still fail are quarantined. */
    private ShardScorer.Chunk isolate(Claim claim, Duration size, int limit) {
        int windowsScored = 0;
        int anomalies = 0;
        int quarantined = 0;
        Set<Long> series = new HashSet<>();
        for (long id : scorer.seriesOfNextChunk(claim.shard(), config.shards(), claim.cutoff(), size, limit)) {
            try {
                ShardScorer.Chunk one = scorer.scoreSeries(claim.shard(), config.shards(), claim.cutoff(), size,
                        limit, id);
                windowsScored += one.windows();
                anomalies += one.anomalies();
                quarantined += one.quarantined();
                series.addAll(one.series());
            } catch (RuntimeException e) {
                if (FaultKind.of(e) == FaultKind.TRANSIENT) {
                    throw e;
                }
                scorer.quarantine(id, e);
                quarantined++;
            }
        }
        return new ShardScorer.Chunk(windowsScored, anomalies, series, quarantined);
    }

    private void recordFailure(Claim claim, RuntimeException cause, ShardWork done) {
        LOG.errorf(cause, "detection run %s: shard %d failed after %d windows; the next run retries it",
                claim.cutoff(), claim.shard(), done.windows());
        try {
            claims.fail(claim, ShardScorer.describe(cause), done.windows(), done.anomalies(), done.quarantined());
        } catch (RuntimeException e) {
            // the database is away: the lease runs out instead, and the next run after it takes the shard over
            LOG.warnf("could not record the failure of shard %d: %s", claim.shard(), e.getMessage());
        }
    }

    /**
     * Stops taking chunks, lets the chunk in flight commit (bounded by {@code vigil.detection.shutdown-grace}),
     * and hands this replica's unfinished claims back so that another replica takes them at once.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            int released = claims.release(REPLICA);
            if (released > 0) {
                LOG.infof("released %d unfinished detection claims for other replicas", released);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not release detection claims at shutdown (their leases will lapse): %s", e.getMessage());
        }
    }
}
