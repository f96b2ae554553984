package dev.vigil.scheduling;

import dev.vigil.storage.ClaimStore.Claim;
import dev.vigil.storage.FaultKind;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.WindowRef;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Scores one claimed shard: its oldest pending windows up to its budget, chunk by chunk (each series whole within a
 * chunk, one transaction each). A chunk that cannot be stored is narrowed to the series that cause it, which are
 * quarantined, so the shard completes unless the database itself fails; that fault ends the shard with what it
 * committed so far.
 */
@ApplicationScoped
class ShardPass {

    private static final Logger LOG = Logger.getLogger(ShardPass.class);

    private final ScoringStore store;
    private final ShardScorer scorer;
    private final DetectionConfig config;
    private final Tracer tracer;

    ShardPass(ScoringStore store, ShardScorer scorer, DetectionConfig config, Tracer tracer) {
        this.store = store;
        this.scorer = scorer;
        this.config = config;
        this.tracer = tracer;
    }

    /**
     * Makes sure the pending-window index through which shards find their windows exists for the configured shard
     * count (Flyway creates the default's).
     */
    void onStart(@Observes StartupEvent event) {
        store.ensurePendingIndex(config.shards());
    }

    /** The shard in one span, child of the run's, so a run's trace shows where its time went. */
    ShardWork score(Claim claim, RunPlan plan, BooleanSupplier stopping) {
        Span span = tracer.spanBuilder("vigil.detection.shard").setAttribute("vigil.shard", claim.shard())
                .setAttribute("vigil.cutoff", claim.cutoff().toString()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            ShardWork work = chunks(claim, plan, stopping);
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

    private ShardWork chunks(Claim claim, RunPlan plan, BooleanSupplier stopping) {
        ShardWork done = ShardWork.NONE;
        List<List<WindowRef>> chunks;
        try {
            chunks = ShardPlan.chunks(store.plan(claim.shard(), config.shards(), claim.cutoff(), plan.size(),
                    plan.shardBudget()), config.chunk());
        } catch (RuntimeException e) {
            return done.failed(e);
        }
        for (List<WindowRef> chunk : chunks) {
            if (stopping.getAsBoolean()) {
                break;
            }
            try {
                done = done.plus(chunk(claim, chunk, plan));
            } catch (RuntimeException e) {
                return done.failed(e);
            }
        }
        return done;
    }

    private ShardScorer.Chunk chunk(Claim claim, List<WindowRef> chunk, RunPlan plan) {
        try {
            return scorer.score(claim.shard(), chunk, claim.cutoff(), plan.size());
        } catch (RuntimeException e) {
            if (FaultKind.of(e) == FaultKind.TRANSIENT) {
                throw e;
            }
            LOG.warnf(e, "shard %d: a chunk failed to store; retrying it series by series", claim.shard());
            return isolate(claim, chunk, plan);
        }
    }

    /** Scores a failed chunk's series one transaction each; those that still fail are quarantined. */
    private ShardScorer.Chunk isolate(Claim claim, List<WindowRef> chunk, RunPlan plan) {
        int windowsScored = 0;
        int anomalies = 0;
        int quarantined = 0;
        Set<Long> series = new HashSet<>();
        Map<Long, List<WindowRef>> bySeries = new LinkedHashMap<>();
        chunk.forEach(w -> bySeries.computeIfAbsent(w.seriesId(), id -> new ArrayList<>()).add(w));
        for (Map.Entry<Long, List<WindowRef>> one : bySeries.entrySet()) {
            try {
                ShardScorer.Chunk done = scorer.score(claim.shard(), one.getValue(), claim.cutoff(), plan.size());
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
}
