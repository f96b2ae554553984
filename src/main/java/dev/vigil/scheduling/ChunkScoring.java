package dev.vigil.scheduling;

import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.alerting.RuleConditions;
import dev.vigil.detection.LastPointJudge;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.OpenEvent;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import dev.vigil.storage.ScoringStore.StoredState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a chunk's pending windows series by series and stores what they decided, in the caller's transaction. A
 * series that fails is left out (its windows stay pending) and reported with why; the others are scored as if it
 * were not there.
 */
@ApplicationScoped
class ChunkScoring {

    /** The chunk's count, the series that failed with why, and quarantined series that scored again. */
    record Outcome(ShardScorer.Chunk chunk, Map<Long, String> failed, List<Long> released) {
    }

    private final ChunkStart starts;
    private final ChunkCommit commit;
    private final RuleConditions conditions;
    private final ScoringStore store;

    ChunkScoring(ChunkStart starts, ChunkCommit commit, RuleConditions conditions, ScoringStore store) {
        this.starts = starts;
        this.commit = commit;
        this.conditions = conditions;
        this.store = store;
    }

    Outcome score(List<PendingWindow> pending, Instant cutoff, Duration size) {
        if (pending.isEmpty()) {
            return new Outcome(new ShardScorer.Chunk(0, 0, Set.of(), 0), Map.of(), List.of());
        }
        ChunkStart.Start start = starts.of(pending, size);
        String detector = start.kind().name();
        SeriesScoring.Chunking chunking = new SeriesScoring.Chunking(start.kind(), cutoff,
                conditions.forChunk(pending), size, w -> before(w, detector));

        List<ResultRow> results = new ArrayList<>(pending.size());
        List<PendingWindow> scored = new ArrayList<>(pending.size());
        List<Flagged> flagged = new ArrayList<>();
        Map<Long, StoredState> states = new HashMap<>();
        Map<Long, String> failed = new HashMap<>();
        List<Long> released = new ArrayList<>();
        for (Map.Entry<Long, List<PendingWindow>> series : start.bySeries().entrySet()) {
            long id = series.getKey();
            try {
                StoredState state = start.stored().get(id);
                OpenEvent event = state == null ? null : state.eventKnown() ? state.event() : start.replayed().get(id);
                SeriesScoring.Outcome o = SeriesScoring.score(series.getValue(), state, start.started().get(id),
                        event, state != null && !state.eventKnown() && event != null, start.coarse().get(id),
                        chunking);
                results.addAll(o.results());
                flagged.addAll(o.flagged());
                scored.addAll(series.getValue());
                if (o.state() != null) {
                    states.put(id, o.state());
                }
                if (series.getValue().get(0).quarantined()) {
                    released.add(id);
                }
            } catch (RuntimeException e) {
                failed.put(id, ShardScorer.describe(e));
            }
        }
        commit.store(results, scored, states, flagged, size);
        Set<Long> done = new LinkedHashSet<>(start.bySeries().keySet());
        done.removeAll(failed.keySet());
        int anomalies = (int) flagged.stream().filter(f -> f.result().anomaly()).count();
        return new Outcome(new ShardScorer.Chunk(scored.size(), anomalies, done, failed.size()), failed, released);
    }

    /** A revised window's earlier verdict: the streaming detector's, else the batch engine's (a coarse series). */
    private ResultRow before(PendingWindow w, String detector) {
        ResultRow r = store.result(w.seriesId(), w.start(), detector);
        return r != null ? r : store.result(w.seriesId(), w.start(), LastPointJudge.NAME);
    }
}
