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
 * Picks the coarse series of a chunk, those whose step is {@code vigil.detection.coarse-step} or longer, and judges
 * their new windows with the batch engine ({@link LastPointJudge}), each as the last point of the series' windows
 * before it. The streaming detector would need 288 of a daily series' windows (288 days) before judging; the batch
 * engine judges from the 12th, against the weekly cycle it finds. One history query serves the whole chunk.
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
     * The coarse series among {@code steps} (each series' step as this run measures it, 0 when unknown), each with
     * its stored windows before its first new one ({@code firstNew}); series not coarse are absent.
     */
    Map<Long, History> of(Map<Long, Long> steps, Map<Long, Instant> firstNew) {
        Map<Long, Instant> coarse = new HashMap<>();
        steps.forEach((id, step) -> {
            if (step > 0 && step >= coarseSeconds && firstNew.containsKey(id)) {
                coarse.put(id, firstNew.get(id));
            }
        });
        Map<Long, History> out = new HashMap<>();
        if (coarse.isEmpty()) {
            return out;
        }
        Map<Long, List<WindowValue>> stored = history.before(coarse, HISTORY_WINDOWS);
        coarse.keySet().forEach(id -> out.put(id, new History(judge, steps.get(id),
                stored.getOrDefault(id, List.of()))));
        return out;
    }

    /** One coarse series' windows so far; each judged window joins them. Not thread-safe. */
    static final class History {

        private final LastPointJudge judge;
        private final long step;
        private final ArrayDeque<WindowValue> windows;

        History(LastPointJudge judge, long step, List<WindowValue> stored) {
            this.judge = judge;
            this.step = step;
            this.windows = new ArrayDeque<>(stored);
        }

        /** The verdict on a new window (later than every window so far) as the last point of the series. */
        Verdict judge(PendingWindow w) {
            windows.addLast(new WindowValue(w.start(), w.value()));
            while (windows.size() > HISTORY_WINDOWS + 1) {
                windows.removeFirst();
            }
            long[] times = new long[windows.size()];
            double[] values = new double[windows.size()];
            int i = 0;
            for (WindowValue v : windows) {
                times[i] = v.start().getEpochSecond();
                values[i++] = v.value();
            }
            return judge.judge(times, values, step);
        }
    }
}
