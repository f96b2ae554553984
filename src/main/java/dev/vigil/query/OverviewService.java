package dev.vigil.query;

import dev.vigil.query.OverviewResource.Overview;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OverviewStore;
import dev.vigil.storage.PipelineCounts;
import jakarta.enterprise.context.ApplicationScoped;

/** Puts the dashboard's overview together, so that its resource stays one call. */
@ApplicationScoped
class OverviewService {

    private final OverviewStore counts;
    private final OutboxStore outbox;
    private final PipelineCounts pipeline;
    private final RecentDetection detection;

    OverviewService(OverviewStore counts, OutboxStore outbox, PipelineCounts pipeline, RecentDetection detection) {
        this.counts = counts;
        this.outbox = outbox;
        this.pipeline = pipeline;
        this.detection = detection;
    }

    Overview overview() {
        RecentDetection.Runs runs = detection.read();
        PipelineCounts.Counts waiting = pipeline.read();
        return new Overview(counts.series(), counts.windows(), runs.lastRun(), runs.shards(), runs.nextRun(),
                outbox.backlog(), runs.recentAnomalies(), waiting.detectionBacklog(), waiting.quarantinedSeries(),
                waiting.silentSeries(), runs.vigilAway());
    }
}
