package dev.vigil.scheduling;

import dev.vigil.alerting.OpenEvents;
import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.OpenEvent;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.StoredState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each series of a chunk starts from: its stored state, a detector that relearned its stored windows (no state,
 * or one of another version of the maths: an upgrade must not blind it), and its open anomaly event where the stored
 * state does not know it.
 */
@ApplicationScoped
class ChunkStart {

    /** The chunk's windows by series (oldest first), with what each series starts from. */
    record Start(DetectorKind kind, Map<Long, List<PendingWindow>> bySeries, Map<Long, StoredState> stored,
                 Map<Long, StreamingDetector> started, Map<Long, OpenEvent> replayed,
                 Map<Long, CoarseScoring.History> coarse) {
    }

    private final ScoringStore store;
    private final DetectorChoice choice;
    private final CoarseScoring coarse;

    ChunkStart(ScoringStore store, DetectorChoice choice, CoarseScoring coarse) {
        this.store = store;
        this.choice = choice;
        this.coarse = coarse;
    }

    Start of(List<PendingWindow> pending, Duration size) {
        DetectorKind kind = choice.kind();
        Map<Long, List<PendingWindow>> bySeries = new LinkedHashMap<>();
        pending.forEach(w -> bySeries.computeIfAbsent(w.seriesId(), id -> new ArrayList<>()).add(w));
        Map<Long, StoredState> stored = store.states(bySeries.keySet(), kind.name());
        // series without a usable state relearn their stored windows first: one query for the whole chunk
        Map<Long, Instant> fresh = new HashMap<>();
        bySeries.forEach((id, windows) -> {
            StoredState s = stored.get(id);
            if (s == null || s.version() != kind.version()) {
                fresh.put(id, windows.get(0).start());
            }
        });
        Map<Long, StreamingDetector> started = fresh.isEmpty() ? Map.of() : choice.start(fresh, size);
        // each series' new windows, after the last one its state judged, as SeriesScoring will see them
        Map<Long, List<Instant>> newStarts = new HashMap<>();
        Map<Long, Instant> lasts = new HashMap<>();
        Map<Long, Long> storedSteps = new HashMap<>();
        bySeries.forEach((id, windows) -> {
            StoredState s = stored.get(id);
            Instant last = fresh.containsKey(id) ? null : s.lastWindow();
            List<Instant> starts = windows.stream().map(PendingWindow::start)
                    .filter(t -> last == null || t.isAfter(last)).toList();
            if (!starts.isEmpty()) {
                newStarts.put(id, starts);
            }
            if (last != null) {
                lasts.put(id, last);
            }
            if (s != null) {
                storedSteps.put(id, (long) s.stepSeconds());
            }
        });
        return new Start(kind, bySeries, stored, started, replayEvents(stored, kind, size),
                coarse.of(newStarts, lasts, storedSteps));
    }

    /**
     * The open event of each series whose stored state does not know it (saved by a version that does not follow
     * events: before V89, or beside this one in a rolling update; or unreadable), replayed from its stored results
     * from its first flag in the last {@link OpenEvents#MAX_WINDOWS} steps. A series with no flag there costs one
     * probe of the flags' index; after this run its state knows its event again.
     */
    private Map<Long, OpenEvent> replayEvents(Map<Long, StoredState> stored, DetectorKind kind, Duration size) {
        Map<Long, Instant> since = new HashMap<>();
        Map<Long, Instant> until = new HashMap<>();
        stored.forEach((id, s) -> {
            if (!s.eventKnown()) {
                since.put(id, s.lastWindow().minusSeconds(eventStep(s, size) * OpenEvents.MAX_WINDOWS));
                until.put(id, s.lastWindow());
            }
        });
        Map<Long, OpenEvent> out = new HashMap<>();
        store.sinceFirstFlag(since, until, kind.name()).forEach((id, rows) -> {
            OpenEvent event = OpenEvents.replay(rows, eventStep(stored.get(id), size));
            if (event != null) {
                out.put(id, event);
            }
        });
        return out;
    }

    /** The step an event is followed in: the series' data step as its last run saw it, else the window size. */
    static long eventStep(StoredState stored, Duration size) {
        return stored != null && stored.stepSeconds() > 0 ? stored.stepSeconds() : size.toSeconds();
    }
}
