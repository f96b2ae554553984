package dev.vigil.scheduling;

import dev.vigil.aggregation.Windows;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.storage.ClaimStore;
import dev.vigil.storage.ClaimStore.Claim;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * This replica's claims on the shards of runs: which shard it scores next, how a shard ends, and, at shutdown, the
 * claims it hands back so that another replica takes them at once. Any number of replicas claim at once; a claim
 * makes each (run, shard) happen once.
 */
@ApplicationScoped
class ShardClaims {

    private static final Logger LOG = Logger.getLogger(ShardClaims.class);

    /** Identifies this replica in claims. */
    private final String replica = UUID.randomUUID().toString();
    private final ClaimStore claims;
    private final DetectionConfig config;
    private final AggregationConfig windows;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Thread stopSignal = new Thread(() -> stopping.set(true), "vigil-detection-stop");
    private final AtomicInteger active = new AtomicInteger();

    ShardClaims(ClaimStore claims, DetectionConfig config, AggregationConfig windows) {
        this.claims = claims;
        this.config = config;
        this.windows = windows;
    }

    /** The run due at {@code now}: every shard gets its share of the budget, whoever claims it. */
    RunPlan plan(Instant now) {
        Duration size = windows.window();
        int workers = Math.max(1, Math.min(config.parallelShards().orElse(Runtime.getRuntime().availableProcessors()),
                config.shards()));
        return new RunPlan(Windows.closedUntil(now, size, config.delay()),
                size, Math.max(1, config.maxWindowsPerRun() / config.shards()), workers);
    }

    /**
     * Whether every shard of the run is done (completed or failed) on any replica: only then does a run's follow-up
     * see the whole fleet scored, so the replica that finishes last does it.
     */
    boolean finished(Instant cutoff) {
        return claims.unfinished(cutoff, config.shards()) == 0;
    }

    /** The database's clock: a requested run reopens the shards that finished before it. */
    Instant databaseNow() {
        return claims.databaseNow();
    }

    /**
     * The next shard this replica works on: a claim whose holder's lease expired first, else one of this run's shards
     * nobody holds yet, else (for a requested run) one that finished before {@code reopenBefore}; null once there is
     * none (or the replica is stopping). One at a time, so that replicas running at once split the run between them.
     */
    Claim next(Instant cutoff, Instant reopenBefore, RunTally tally) {
        // each failed race means another replica took a shard, so this ends after at most 'shards' rounds
        for (int round = 0; round <= config.shards() && !stopping.get(); round++) {
            List<Claim> taken = claims.takeOverExpired(replica, config.lease(), 1, tally.failedClaims());
            if (taken.isEmpty()) {
                taken = claims.claimNext(cutoff, config.shards(), 1, replica, config.lease());
            }
            if (!taken.isEmpty()) {
                return taken.get(0);
            }
            if (claims.unclaimed(cutoff, config.shards()) == 0) {
                return reopenBefore == null ? null : first(claims.reopenFinished(cutoff, config.shards(), 1,
                        replica, config.lease(), reopenBefore));
            }
        }
        return null;
    }

    private static Claim first(List<Claim> claims) {
        return claims.isEmpty() ? null : claims.get(0);
    }

    /**
     * Ends the claim as its work went: complete; failed with the fault (the next run retries it, not this one: a
     * fault that repeats would loop in it); or handed back when the replica stopped before the shard finished.
     */
    void finish(Claim claim, ShardWork work) {
        if (work.failure() != null) {
            LOG.errorf(work.failure(), "detection run %s: shard %d failed after %d windows; the next run retries it",
                    claim.cutoff(), claim.shard(), work.windows());
            try {
                claims.fail(claim, ShardScorer.describe(work.failure()));
            } catch (RuntimeException e) {
                // the database is away: the lease runs out instead, and the next run after it takes the shard over
                LOG.warnf("could not record the failure of shard %d: %s", claim.shard(), e.getMessage());
            }
        } else if (stopping.get()) {
            claims.fail(claim, "the replica shut down before the shard finished");
        } else {
            claims.complete(claim);
        }
    }

    boolean stopping() {
        return stopping.get();
    }

    /** A run starts on this replica; shutdown waits for it ({@link #onStop}). */
    void begin() {
        active.incrementAndGet();
    }

    void end() {
        active.decrementAndGet();
    }

    /**
     * Told of a stop signal at once. Quarkus fires {@link ShutdownEvent} only after it drained the HTTP requests in
     * flight (up to {@code quarkus.shutdown.timeout}), and a run somebody requested over HTTP is one of them: it would
     * run on for that long and be cut off unanswered. The hook only sets the flag; {@link #onStop} does the rest.
     */
    void onStart(@Observes StartupEvent event) {
        Runtime.getRuntime().addShutdownHook(stopSignal);
    }

    /**
     * Stops taking chunks, lets the chunk in flight commit (bounded by {@code vigil.detection.shutdown-grace}),
     * and hands this replica's unfinished claims back so that another replica takes them at once.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
        try {
            Runtime.getRuntime().removeShutdownHook(stopSignal);
        } catch (IllegalStateException e) {
            // the JVM is exiting and the hook has run: nothing to remove
        }
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
            int released = claims.release(replica);
            if (released > 0) {
                LOG.infof("released %d unfinished detection claims for other replicas", released);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not release detection claims at shutdown (their leases will lapse): %s", e.getMessage());
        }
    }
}
