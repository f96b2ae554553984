package dev.vigil.query;

import dev.vigil.alerting.Absence;
import dev.vigil.storage.OverviewStore.Backlog;
import dev.vigil.storage.OverviewStore.Count;
import dev.vigil.storage.QueryRows.AnomalyRow;
import dev.vigil.storage.QueryRows.RunRow;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The dashboard's overview: sizes, the last and next detection run, the alert backlog, the newest anomalies. */
@Path("/api/v1/overview")
@Produces(MediaType.APPLICATION_JSON)
public class OverviewResource {

    /**
     * @param lastRun        the newest run (as in {@code /api/v1/runs}), or null before the first
     * @param shards         shards a run has ({@code vigil.detection.shards}): a running run has claimed fewer
     * @param nextRun        when the schedule fires next, or null when it is off
     * @param recentAnomalies the newest anomalies of any age, newest first
     * @param detectionBacklog closed windows waiting to be scored and the oldest one's start
     * @param quarantinedSeries series set aside by detection after a failure ({@code /api/v1/quarantine})
     * @param silentSeries   series that stopped sending data ({@code /api/v1/silence})
     * @param vigilAway      the last spell in which no Vigil process was up, if it ended within the silence horizon
     *                       before the last run's cutoff (series silent since then are judged only after it), or null
     */
    public record Overview(Count series, Count windows, RunRow lastRun, int shards, Instant nextRun,
                           long alertBacklog, List<AnomalyRow> recentAnomalies, Backlog detectionBacklog,
                           long quarantinedSeries, long silentSeries, Absence vigilAway) {
    }

    private final OverviewService overviews;

    public OverviewResource(OverviewService overviews) {
        this.overviews = overviews;
    }

    @GET
    @Operation(summary = "Series and window counts (estimated above a million rows), last and next run, alert "
            + "backlog, the 10 newest anomalies, the detection backlog, the counts of quarantined and silent series, and "
            + "the last spell in which no Vigil process was up")
    public Overview overview() {
        return overviews.overview();
    }
}
