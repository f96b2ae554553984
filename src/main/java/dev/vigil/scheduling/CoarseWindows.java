package dev.vigil.scheduling;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of a series' new windows are coarse, that is judged by the batch engine: those whose nearer neighbour is
 * {@code vigil.detection.coarse-step} or more away. A window's neighbours are the window before it (for the first new
 * one, the last window the series' state judged) and the window after it in this run (for a run's only new window,
 * the step stored with the series). One run can so judge a backfill of a year of daily windows followed by days of 5-minute
 * ones with each engine on its own part, where a single step for the run (its least gap) gave the whole backfill to
 * the streaming detector; and a 5-minute series' first window after a day's outage stays with the streaming detector,
 * since the window after it, or its stored step, is 5 minutes on.
 *
 * @param starts the windows' starts
 * @param step   the least of their nearer-neighbour gaps: the coarse part's step, for the batch engine's grid
 */
record CoarseWindows(Set<Instant> starts, long step) {

    /**
     * @param newStarts     a series' new windows' starts, ascending
     * @param last          the last window its state judged, null for none
     * @param storedStep    the step stored with the series, 0 for none
     * @param coarseSeconds {@code vigil.detection.coarse-step} in seconds
     * @return the coarse ones, null when there are none
     */
    static CoarseWindows of(List<Instant> newStarts, Instant last, long storedStep, long coarseSeconds) {
        Set<Instant> coarse = new HashSet<>();
        long step = Long.MAX_VALUE;
        int n = newStarts.size();
        for (int i = 0; i < n; i++) {
            Instant t = newStarts.get(i);
            Instant before = i > 0 ? newStarts.get(i - 1) : last;
            long near = Long.MAX_VALUE;
            if (before != null) {
                near = t.getEpochSecond() - before.getEpochSecond();
            }
            if (i + 1 < n) {
                near = Math.min(near, newStarts.get(i + 1).getEpochSecond() - t.getEpochSecond());
            } else if (n == 1 && storedStep > 0) {
                // a run's only new window: its stored step stands for the gap after it; in a longer run the last
                // window's gap before it is the data's own step, which a stored step from before may not be
                near = Math.min(near, storedStep);
            }
            // no neighbour at all (a series' only window so far): its step is unknown, as the streaming detector's
            if (near != Long.MAX_VALUE && near >= coarseSeconds) {
                coarse.add(t);
                step = Math.min(step, near);
            }
        }
        return coarse.isEmpty() ? null : new CoarseWindows(Set.copyOf(coarse), step);
    }

    boolean covers(Instant start) {
        return starts.contains(start);
    }
}
