package dev.vigil.alerting;

import dev.vigil.detection.LastPointJudge;
import dev.vigil.storage.ScoringStore.OpenEvent;
import dev.vigil.storage.ScoringStore.ResultRow;
import java.util.List;

/**
 * How a series' anomaly event goes on from window to window. The detector flags an event once: its later windows are
 * repeats of the flag, or the new level is learned after a change point, and are not flagged. A rule that asks for
 * consecutive windows counts them here instead: a window continues the event while
 * its value stays beyond the first flag's band, on the flag's side, with no gap longer than two steps. A flag during
 * an open event is part of it.
 *
 * <p>A coarse series' window (judged by the batch engine, {@link LastPointJudge#NAME}) continues an event only when
 * it is flagged itself. That engine keeps no memory of a flag: each day is judged afresh against its own history, so
 * a lasting fault is flagged day after day (a level shift until it is confirmed), and a day it lets pass is
 * ordinary. The first flag's band is a day's margin, a few percent wide: on a rising season every later day lay
 * beyond it, and events opened by one-day anomalies went on for up to 19 days.
 *
 * <p>The detection run ({@code SeriesScoring}) follows the event as it scores, and the rule preview ({@link
 * RulePreview}) replays it from stored results with this same function, so the two cannot count an event apart.
 */
public final class OpenEvents {

    /** The longest run followed: a rule asks for at most 288 consecutive windows. */
    public static final int MAX_WINDOWS = 288;

    private OpenEvents() {
    }

    /**
     * The event open after {@code rows} (a series' results in window order, from a flag on; the series' data step in
     * seconds), or null: how the run recovers an event no stored state knows (README "Upgrade and rollback").
     */
    public static OpenEvent replay(List<ResultRow> rows, long stepSeconds) {
        OpenEvent event = null;
        for (ResultRow row : rows) {
            event = next(event, row, stepSeconds);
        }
        return event;
    }

    /**
     * The event after {@code row} (scored after the event's last window; the series' data step in seconds), or null
     * when none is open. Pure and thread-safe.
     */
    public static OpenEvent next(OpenEvent open, ResultRow row, long stepSeconds) {
        boolean inTime = open != null
                && row.windowStart().getEpochSecond() - open.last().getEpochSecond() <= 2 * stepSeconds;
        boolean judgedAlone = LastPointJudge.NAME.equals(row.detector());
        if (inTime && (row.anomaly() || !judgedAlone && open.windows() < MAX_WINDOWS && open.beyond(row.value()))) {
            return new OpenEvent(open.start(), open.side(), open.expected(), open.lower(), open.upper(),
                    open.severity(), open.reason(), row.windowStart(), Math.min(open.windows() + 1, MAX_WINDOWS));
        }
        if (!row.anomaly()) {
            return null;
        }
        int side = Integer.signum(Double.compare(row.value(), row.expected()));
        // a flag on its own prediction (a change of shape) has no side for later values to stay on
        return side == 0 || Double.isNaN(row.expected()) ? null : new OpenEvent(row.windowStart(), side, row.expected(),
                row.lower(), row.upper(), row.severity(), row.reason(), row.windowStart(), 1);
    }
}
