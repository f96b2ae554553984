package dev.vigil.query;

import dev.vigil.alerting.Absence;
import dev.vigil.alerting.Uptime;
import dev.vigil.storage.QueryRows.AnomalyRow;
import dev.vigil.storage.QueryRows.RunRow;
import dev.vigil.storage.QueryStore;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The overview's part about detection runs (the last, the next, what they found), apart to keep both small. */
@ApplicationScoped
class RecentDetection {

    /** Matches the identity of the scheduled detection job. */
    static final String DETECTION_JOB = "vigil-detection";

    /** Fields as in {@link OverviewResource.Overview}. */
    record Runs(RunRow lastRun, int shards, Instant nextRun, List<AnomalyRow> recentAnomalies, Absence vigilAway) {
    }

    private final QueryStore queries;
    private final Scheduler scheduler;
    private final Uptime uptime;
    private final DetectionFactsConfig config;

    RecentDetection(QueryStore queries, Scheduler scheduler, Uptime uptime, DetectionFactsConfig config) {
        this.queries = queries;
        this.scheduler = scheduler;
        this.uptime = uptime;
        this.config = config;
    }

    Runs read() {
        List<RunRow> runs = queries.runs(1);
        Trigger job = scheduler.getScheduledJob(DETECTION_JOB);
        RunRow last = runs.isEmpty() ? null : runs.get(0);
        return new Runs(last, config.shards(), job == null ? null : job.getNextFireTime(),
                queries.anomalies(Instant.EPOCH, 0, 0, 10),
                last == null ? null : uptime.recentAbsence(last.cutoff()).orElse(null));
    }
}
