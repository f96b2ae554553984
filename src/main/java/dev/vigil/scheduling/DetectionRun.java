package dev.vigil.scheduling;

import dev.vigil.aggregation.Windows;
import dev.vigil.alerting.IncidentRun;
import dev.vigil.alerting.SilenceRun;
import dev.vigil.groups.GroupRun;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.storage.ClaimStore;
import dev.vigil.storage.ClaimStore.Claim;
import dev.vigil.storage.FaultKind;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.WindowRef;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One detection run: claim a shard of the run at a time (first any shard whose holder's lease expired), then score the
 * claimed shard's closed, unscored windows oldest first across its series, in chunks, up to the shard's share of the
 * run's bound. Any number of replicas may call this at once: they split the run's shards, and the claims make each
 * (run, shard) happen once.
 *
 * <p>Shards always complete unless the database itself fails: a chunk that cannot be stored is narrowed to the
 * series that cause it, which are quarantined. A database fault ends the shard with its reason recorded and its
 * lease released, so the next run anywhere takes it over (not this run: a fault that repeats would loop in it).
 */
@ApplicationScoped
public class DetectionRun {

    private static final Logger LOG = Logger.getLogger(DetectionRun.class);

    /** Identifies this replica in claims. */
    private final String replica = UUID.randomUUID().toString();

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
    private final ScoringStore store;
    private final ShardScorer scorer;
    private final DetectionConfig config;
    private final AggregationConfig windows;
    private final MeterRegistry meters;
    private final Tracer tracer;
    /** Epoch seconds of the last run that ended with no failed shard: operators alert when it falls behind. */
    private final AtomicLong lastCompleted = new AtomicLong();
    private final GroupRun groups;
    private final IncidentRun incidents;
    private final SilenceRun silence;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Thread stopSignal = new Thread(() -> stopping.set(true), "vigil-detection-stop");
    private final AtomicInteger active = new AtomicInteger();

    public DetectionRun(ClaimStore claims, ScoringStore store, ShardScorer scorer, DetectionConfig config,
                        AggregationConfig windows, MeterRegistry meters, Tracer tracer, GroupRun groups,
                        IncidentRun incidents, SilenceRun silence) {
        this.claims = claims;
        this.store = store;
        this.scorer = scorer;
        this.config = config;
        this.windows = windows;
        this.meters = meters;
        this.tracer = tracer;
        this.groups = groups;
        this.incidents = incidents;
        this.silence = silence;
        Gauge.builder("vigil.detection.last.completed", lastCompleted, AtomicLong::get).baseUnit("seconds")
                .description("epoch seconds when a run last ended on this replica with no failed shard (0: none yet)")
                .register(meters);
    }

    /** A scheduled run: the shards of its cutoff that any replica already ran are left alone. */
    public Report run(Instant now) {
        return run(now, null);
    }

    /**
     * A run somebody asked for (the API, a function): it also takes again the shards of its cutoff that finished
     * before the request, so a second manual run in the same window interval scores what arrived since the first.
     */
    public Report runRequested(Instant now) {
        return run(now, claims.databaseNow());
    }

    @WithSpan("vigil.detection.run")
    Report run(Instant now, Instant reopenBefore) {
        long t0 = System.nanoTime();
        active.incrementAndGet();
        try {
            Duration size = windows.window();
            Instant cutoff = Windows.closedUntil(now, size, config.delay());
            // every shard gets its share of the run's budget, whoever claims it, so replicas can split a run
            int shardBudget = Math.max(1, config.maxWindowsPerRun() / config.shards());
            RunTally tally = new RunTally();
            ShardWorkers.run(workers(), () -> drain(cutoff, reopenBefore, size, shardBudget, tally));
            int claimed = tally.claimed();
            int scored = tally.windows();
            int anomalies = tally.anomalies();
            int failedShards = tally.failedShards();
            int quarantined = tally.quarantined();
            Set<Long> series = tally.series();
            if (!stopping.get()) {
                // multivariate groups after the univariate work; it catches its own failures
                groups.score(cutoff);
            }
            // incidents last, so that they gather this run's series and group anomalies
            updateIncidents(cutoff);
            updateSilence(cutoff);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            Timer.builder("vigil.detection.run").register(meters).record(Duration.ofMillis(millis));
            meters.counter("vigil.detection.windows.scored").increment(scored);
            meters.counter("vigil.detection.series.scored").increment(series.size());
            meters.counter("vigil.detection.anomalies").increment(anomalies);
            meters.counter("vigil.detection.series.quarantined").increment(quarantined);
            if (failedShards == 0 && !stopping.get()) {
                lastCompleted.set(now.getEpochSecond());
            }
            Span.current().setAttribute("vigil.cutoff", cutoff.toString()).setAttribute("vigil.shards", claimed)
                    .setAttribute("vigil.windows", scored).setAttribute("vigil.anomalies", anomalies);
            LOG.infof("detection run %s: %d shards, %d windows scored, %d anomalies, %d series quarantined, "
                    + "%d shards failed, %d ms", cutoff, claimed, scored, anomalies, quarantined, failedShards,
                    millis);
            return new Report(cutoff, claimed, scored, anomalies, millis, failedShards, quarantined);
        } finally {
            active.decrementAndGet();
        }
    }

    /** Workers scoring shards at once on this replica: the configured count, else the cores, at most the shards. */
    private int workers() {
        int wanted = config.parallelShards().orElse(Runtime.getRuntime().availableProcessors());
        return Math.max(1, Math.min(wanted, config.shards()));
    }

    /** One worker: claims shards one at a time and scores each until none is left for it. */
    private void drain(Instant cutoff, Instant reopenBefore, Duration size, int shardBudget, RunTally tally) {
        Claim claim;
        while ((claim = next(cutoff, reopenBefore, tally)) != null) {
            ShardWork work = tracedShard(claim, size, shardBudget);
            if (work.failure() != null) {
                tally.failed(claim);
                recordFailure(claim, work.failure(), work);
            } else if (stopping.get()) {
                claims.fail(claim, "the replica shut down before the shard finished");
            } else {
                claims.complete(claim);
            }
            tally.add(work.windows(), work.anomalies(), work.quarantined(), work.series(), work.failure() != null);
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

    /** Series that stopped sending data, judged once this run scored what did arrive; a failed pass is retried. */
    private void updateSilence(Instant cutoff) {
        try {
            SilenceRun.Pass pass = silence.pass(cutoff);
            if (pass.opened() + pass.ended() > 0) {
                LOG.infof("silence %s: %d series went silent (%d reported alone, %d scopes), %d came back", cutoff,
                        pass.opened(), pass.reported(), pass.scopes(), pass.ended());
            }
            if (pass.held() > 0) {
                LOG.infof("silence %s: %d series not judged yet, no replica was up from %s to %s and their data may "
                        + "still be on its way", cutoff, pass.held(), pass.away().from(), pass.away().to());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "silence %s: not judged, the next run retries", cutoff);
        }
    }

    /** One span per shard, child of the run's, so a run's trace shows where its time went. */
    private ShardWork tracedShard(Claim claim, Duration size, int budget) {
        Span span = tracer.spanBuilder("vigil.detection.shard").setAttribute("vigil.shard", claim.shard())
                .setAttribute("vigil.cutoff", claim.cutoff().toString()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            ShardWork work = scoreShard(claim, size, budget);
            span.setAttribute("vigil.windows", work.windows()).setAttribute("vigil.anomalies", work.anomalies());
            if (work.failure() != null) {
                span.recordException(work.failure());
                span.setStatus(StatusCode.ERROR, "shard failed");
            }
            return work;
        } finally {
            span.end();
        }
    }

    /**
     * The next shard this replica works on: a claim whose holder's lease expired first, else one of this run's shards
     * nobody holds yet, else (for a requested run) one that finished before {@code reopenBefore}; null once there is
     * none (or the replica is stopping). One at a time, so that replicas running at once split the run between them.
     */
    private Claim next(Instant cutoff, Instant reopenBefore, RunTally tally) {
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

    /** The shard's oldest pending windows up to its budget, chunk by chunk, each series whole within a chunk. */
    private static Claim first(List<Claim> claims) {
        return claims.isEmpty() ? null : claims.get(0);
    }

    private ShardWork scoreShard(Claim claim, Duration size, int budget) {
        ShardWork done = new ShardWork(0, 0, 0, Set.of(), null);
        List<List<WindowRef>> chunks;
        try {
            chunks = ShardPlan.chunks(store.plan(claim.shard(), config.shards(), claim.cutoff(), size, budget),
                    config.chunk());
        } catch (RuntimeException e) {
            return done.failed(e);
        }
        for (List<WindowRef> chunk : chunks) {
            if (stopping.get()) {
                break;
            }
            try {
                done = done.plus(scoreChunk(claim, chunk, size));
            } catch (RuntimeException e) {
                return done.failed(e);
            }
        }
        return done;
    }

    private ShardScorer.Chunk scoreChunk(Claim claim, List<WindowRef> chunk, Duration size) {
        try {
            return scorer.score(claim.shard(), chunk, claim.cutoff(), size);
        } catch (RuntimeException e) {
            if (FaultKind.of(e) == FaultKind.TRANSIENT) {
                throw e;
            }
            LOG.warnf(e, "shard %d: a chunk failed to store; retrying it series by series", claim.shard());
            return isolate(claim, chunk, size);
        }
    }

    /** Scores a failed chunk's series one transaction each; those that still fail are quarantined. */
    private ShardScorer.Chunk isolate(Claim claim, List<WindowRef> chunk, Duration size) {
        int windowsScored = 0;
        int anomalies = 0;
        int quarantined = 0;
        Set<Long> series = new HashSet<>();
        Map<Long, List<WindowRef>> bySeries = new LinkedHashMap<>();
        chunk.forEach(w -> bySeries.computeIfAbsent(w.seriesId(), id -> new ArrayList<>()).add(w));
        for (Map.Entry<Long, List<WindowRef>> one : bySeries.entrySet()) {
            try {
                ShardScorer.Chunk done = scorer.score(claim.shard(), one.getValue(), claim.cutoff(), size);
                windowsScored += done.windows();
                anomalies += done.anomalies();
                quarantined += done.quarantined();
                series.addAll(done.series());
            } catch (RuntimeException e) {
                if (FaultKind.of(e) == FaultKind.TRANSIENT) {
                    throw e;
                }
                scorer.quarantine(claim, one.getKey(), e);
                quarantined++;
            }
        }
        return new ShardScorer.Chunk(windowsScored, anomalies, series, quarantined);
    }

    private void recordFailure(Claim claim, RuntimeException cause, ShardWork done) {
        // counted now, not when the run ends: a run that never ends must still show its failures
        meters.counter("vigil.detection.shard.failures").increment();
        LOG.errorf(cause, "detection run %s: shard %d failed after %d windows; the next run retries it",
                claim.cutoff(), claim.shard(), done.windows());
        try {
            claims.fail(claim, ShardScorer.describe(cause));
        } catch (RuntimeException e) {
            // the database is away: the lease runs out instead, and the next run after it takes the shard over
            LOG.warnf("could not record the failure of shard %d: %s", claim.shard(), e.getMessage());
        }
    }

    /**
     * Created with the application, not at the first run, so that its meters read 0 ("no run yet") from the start;
     * and told of a stop signal at once. Quarkus fires {@link ShutdownEvent} only after it drained the HTTP requests
     * in flight (up to {@code quarkus.shutdown.timeout}), and a run somebody requested over HTTP is one of them: it
     * would run on for that long and be cut off unanswered. The hook only sets the flag; {@link #onStop} does the rest.
     */
    void onStart(@Observes StartupEvent event) {
        meters.counter("vigil.detection.shard.failures"); // at 0 from the start: an alert compares increases
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
