package dev.vigil.scheduling;

import dev.vigil.detection.LastPointJudge;
import dev.vigil.detection.Verdict;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.WindowHistory;
import dev.vigil.storage.WindowHistory.WindowValue;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the coarse windows of a chunk ({@link CoarseWindows}: their data are {@code vigil.detection.coarse-step} or
 * more apart) and judges them with the batch engine ({@link LastPointJudge}), each as the last point of the series'
 * windows before it. The streaming detector would need 288 of a daily series' windows (288 days) before judging; the
 * batch engine judges from the 12th, against the weekly cycle it finds. One history query serves the whole chunk.
 */
@ApplicationScoped
class CoarseScoring {

    /**
     * Earlier windows a coarse window is judged against: a year of daily windows, enough for the engine to see a
     * weekly cycle dozens of times and a trend, while a chunk of 2,000 such series reads at most 730,000 rows.
     */
    static final int HISTORY_WINDOWS = 365;

    private final WindowHistory history;
    private final LastPointJudge judge;
    private final long coarseSeconds;

    CoarseScoring(DetectionConfig config, WindowHistory history) {
        this.history = history;
        this.judge = new LastPointJudge(config.sensitivity());
        this.coarseSeconds = config.coarseStep().toSeconds();
    }

    /**
     * The series with coarse windows among {@code newStarts} (each series' new windows, ascending, after
     * {@code lasts}, the last window its state judged, absent for none; {@code storedSteps}, 0 for none), each with
     * its stored windows before its first new one; series without coarse windows are absent.
     */
    Map<Long, History> of(Map<Long, List<Instant>> newStarts, Map<Long, Instant> lasts, Map<Long, Long> storedSteps) {
        Map<Long, CoarseWindows> parts = new HashMap<>();
        Map<Long, Instant> firstNew = new HashMap<>();
        newStarts.forEach((id, starts) -> {
            CoarseWindows part = CoarseWindows.of(starts, lasts.get(id), storedSteps.getOrDefault(id, 0L),
                    coarseSeconds);
            if (part != null) {
                parts.put(id, part);
                firstNew.put(id, starts.get(0));
            }
        });
        Map<Long, History> out = new HashMap<>();
        if (parts.isEmpty()) {
            return out;
        }
        Map<Long, List<WindowValue>> stored = history.before(firstNew, HISTORY_WINDOWS);
        parts.forEach((id, part) -> out.put(id, new History(judge, part, stored.getOrDefault(id, List.of()))));
        return out;
    }

    /** One series' windows so far, with its coarse new ones; each new window joins them. Not thread-safe. */
    static final class History {

        private final LastPointJudge judge;
        private final CoarseWindows part;
        private final ArrayDeque<WindowValue> windows;

        History(LastPointJudge judge, CoarseWindows part, List<WindowValue> stored) {
            this.judge = judge;
            this.part = part;
            this.windows = new ArrayDeque<>(stored);
        }

        /** Whether the batch engine judges this new window. */
        boolean covers(PendingWindow w) {
            return part.covers(w.start());
        }

        /**
         * Takes a new window (later than every window so far) into the history: the verdict on it as the last point
         * of the series when it is coarse, else null (it was left to the streaming detector).
         */
        Verdict next(PendingWindow w) {
            windows.addLast(new WindowValue(w.start(), w.value()));
            while (windows.size() > HISTORY_WINDOWS + 1) {
                windows.removeFirst();
            }
            if (!covers(w)) {
                return null;
            }
            long[] times = new long[windows.size()];
            double[] values = new double[windows.size()];
            int i = 0;
            for (WindowValue v : windows) {
                times[i] = v.start().getEpochSecond();
                values[i++] = v.value();
            }
            return judge.judge(times, values, part.step());
        }
    }
}
