package dev.vigil.alerting;

import dev.vigil.storage.IncidentStore;
import java.time.Duration;

/**
 * How far apart in window time anomalies still belong together, at a data step (README "Incidents"): the quiet
 * period {@code max(quietPeriod, quietWindows x step)} and the coincidence span {@code max(coincidence,
 * coincidenceWindows x step)}. A coarse step ({@code coarseSeconds} or longer: data the batch engine judges) counts
 * at most {@link #COARSE_QUIET_WINDOWS} and {@link #COARSE_COINCIDENCE_WINDOWS} of its windows: 24 daily windows
 * are 24 days, in which a fleet's chance flags always find a companion and an incident never goes quiet.
 * Plain value; thread-safe.
 */
record IncidentSpans(Duration quiet, int quietWindows, Duration coincidence, int coincidenceWindows,
                     long coarseSeconds) {

    /** Windows of a coarse step an incident's quiet period counts at most: two days of daily data. */
    static final int COARSE_QUIET_WINDOWS = IncidentStore.COARSE_QUIET_WINDOWS;
    /** Windows of a coarse step the coincidence span counts at most: one day of daily data. */
    static final int COARSE_COINCIDENCE_WINDOWS = 1;

    static IncidentSpans of(IncidentConfig config, Duration coarseStep) {
        return new IncidentSpans(config.quietPeriod(), config.quietWindows(), config.coincidence(),
                config.coincidenceWindows(), coarseStep.toSeconds());
    }

    /** Whether data of this step is coarse (the batch engine's). */
    boolean coarse(long stepSeconds) {
        return stepSeconds > 0 && stepSeconds >= coarseSeconds;
    }

    /** The quiet period at this step. */
    Duration quietPeriod(long stepSeconds) {
        int windows = coarse(stepSeconds) ? Math.min(quietWindows, COARSE_QUIET_WINDOWS) : quietWindows;
        return IncidentGrouper.quietPeriod(quiet, windows, stepSeconds);
    }

    /** The coincidence span at this step. */
    Duration coincidenceSpan(long stepSeconds) {
        int windows = coarse(stepSeconds) ? Math.min(coincidenceWindows, COARSE_COINCIDENCE_WINDOWS)
                : coincidenceWindows;
        return IncidentGrouper.quietPeriod(coincidence, windows, stepSeconds);
    }

    /** The windows of this step the coincidence span covers (its count when the step is unknown). */
    int windowsIn(long stepSeconds) {
        return stepSeconds <= 0 ? Math.max(1, coincidenceWindows)
                : (int) Math.max(1, (coincidenceSpan(stepSeconds).getSeconds() + stepSeconds - 1) / stepSeconds);
    }

    /**
     * How far after its window an anomaly at this step can still be joined by another: its quiet period or its
     * coincidence span, whichever is longer.
     */
    Duration reach(long stepSeconds) {
        Duration q = quietPeriod(stepSeconds);
        Duration c = coincidenceSpan(stepSeconds);
        return q.compareTo(c) >= 0 ? q : c;
    }
}
