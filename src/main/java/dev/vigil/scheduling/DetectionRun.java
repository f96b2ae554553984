package dev.vigil.scheduling;

import dev.vigil.storage.ClaimStore.Claim;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * One detection run: claim a shard of the run at a time (first any shard whose holder's lease expired), then score the
 * claimed shard's closed, unscored windows oldest first across its series, in chunks, up to the shard's share of the
 * run's bound; then the run's follow-ups. Any number of replicas may call this at once: they split the run's shards,
 * and the claims make each (run, shard) happen once.
 *
 * <p>Shards always complete unless the database itself fails: a chunk that cannot be stored is narrowed to the
 * series that cause it, which are quarantined. A database fault ends the shard with its reason recorded and its
 * lease released, so the next run anywhere takes it over (not this run: a fault that repeats would loop in it).
 */
@ApplicationScoped
public class DetectionRun {

    private static final Logger LOG = Logger.getLogger(DetectionRun.class);

    /** What a run did on this replica. */
    public record Report(Instant cutoff, int shardsClaimed, int windowsScored, int anomalies, long millis,
                         int shardsFailed, int seriesQuarantined) {
    }

    private final ShardClaims claims;
    private final ShardPass shards;
    private final RunFollowUps followUps;
    private final RunMeters meters;

    public DetectionRun(ShardClaims claims, ShardPass shards, RunFollowUps followUps, RunMeters meters) {
        this.claims = claims;
        this.shards = shards;
        this.followUps = followUps;
        this.meters = meters;
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
        claims.begin();
        try {
            RunPlan plan = claims.plan(now);
            RunTally tally = new RunTally();
            ShardWorkers.run(plan.workers(), () -> drain(plan, reopenBefore, tally));
            // groups, incidents and silence judge the fleet at the cutoff: run before another replica's shards
            // are scored, a fleet-wide silence was reported as a few series alone plus the scope of the rest
            if (claims.finished(plan.cutoff())) {
                followUps.after(plan.cutoff(), !claims.stopping());
            }
            Report report = new Report(plan.cutoff(), tally.claimed(), tally.windows(), tally.anomalies(),
                    (System.nanoTime() - t0) / 1_000_000, tally.failedShards(), tally.quarantined());
            meters.ran(report, tally.series().size(), now, report.shardsFailed() == 0 && !claims.stopping());
            Span.current().setAttribute("vigil.cutoff", report.cutoff().toString())
                    .setAttribute("vigil.shards", report.shardsClaimed())
                    .setAttribute("vigil.windows", report.windowsScored())
                    .setAttribute("vigil.anomalies", report.anomalies());
            LOG.infof("detection run %s: %d shards, %d windows scored, %d anomalies, %d series quarantined, "
                    + "%d shards failed, %d ms", report.cutoff(), report.shardsClaimed(), report.windowsScored(),
                    report.anomalies(), report.seriesQuarantined(), report.shardsFailed(), report.millis());
            return report;
        } finally {
            claims.end();
        }
    }

    /** One worker: claims shards one at a time and scores each until none is left for it. */
    private void drain(RunPlan plan, Instant reopenBefore, RunTally tally) {
        Claim claim;
        while ((claim = claims.next(plan.cutoff(), reopenBefore, tally)) != null) {
            ShardWork work = shards.score(claim, plan, claims::stopping);
            if (work.failure() != null) {
                tally.failed(claim);
                meters.shardFailed();
            }
            claims.finish(claim, work);
            tally.add(work.windows(), work.anomalies(), work.quarantined(), work.series(), work.failure() != null);
        }
    }
}
