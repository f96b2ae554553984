package dev.vigil.storage;

import dev.vigil.storage.OverviewStore.Backlog;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The work detection has waiting or set aside, read together: the dashboard's overview and the pipeline gauges show
 * the same three numbers, and this keeps the three stores out of both.
 */
@ApplicationScoped
public class PipelineCounts {

    /**
     * @param detectionBacklog  closed windows waiting to be scored and the oldest one's start
     * @param quarantinedSeries series set aside by detection after a failure
     * @param silentSeries      series that stopped sending data (an open silence)
     */
    public record Counts(Backlog detectionBacklog, long quarantinedSeries, long silentSeries) {
    }

    private final OverviewStore overview;
    private final QuarantineStore quarantine;
    private final SilenceStore silence;

    public PipelineCounts(OverviewStore overview, QuarantineStore quarantine, SilenceStore silence) {
        this.overview = overview;
        this.quarantine = quarantine;
        this.silence = silence;
    }

    /** Three reads, in this order, each on its own; not one snapshot. */
    public Counts read() {
        Backlog backlog = overview.backlog();
        long quarantined = quarantine.count();
        return new Counts(backlog, quarantined, silence.openCount());
    }
}
