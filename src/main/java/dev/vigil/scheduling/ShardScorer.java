package dev.vigil.scheduling;

import dev.vigil.alerting.AlertEvents;
import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.Rejudge;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import dev.vigil.storage.ScoringStore.StoredState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores one chunk of a shard in one transaction: results, the windows' scored marks, detector states and
 * outbox rows commit together, so a crash leaves the chunk pending and a rerun writes nothing twice.
 */
@ApplicationScoped
public class ShardScorer {

    /** What one chunk did: windows scored, alerts written, the series those windows belong to. */
    public record Chunk(int windows, int anomalies, Set<Long> series) {
    }

    private final ScoringStore store;
    private final OutboxStore outbox;
    private final AlertEvents alerts;
    private final DetectorChoice choice;

    public ShardScorer(ScoringStore store, OutboxStore outbox, AlertEvents alerts, DetectorChoice choice) {
        this.store = store;
        this.outbox = outbox;
        this.alerts = alerts;
        this.choice = choice;
    }

    @Transactional
    public Chunk score(int shard, int shards, Instant cutoff, Duration size, int limit) {
        store.lockShard(shard);
        List<PendingWindow> pending = store.pending(shard, shards, cutoff, size, limit);
        if (pending.isEmpty()) {
            return new Chunk(0, 0, Set.of());
        }
        DetectorKind kind = choice.kind();
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        pending.forEach(w -> ids.add(w.seriesId()));
        Map<Long, StoredState> stored = store.states(ids, kind.name());
        Map<Long, StreamingDetector> detectors = new HashMap<>();
        Map<Long, Instant> last = new HashMap<>();
        stored.forEach((id, s) -> {
            // a state from another version of the maths is not trusted: the series relearns from its stored windows
            if (s.version() == kind.version()) {
                detectors.put(id, kind.restore(s.state()));
                last.put(id, s.lastWindow());
            }
        });
        List<ResultRow> results = new ArrayList<>(pending.size());
        List<OutboxStore.OutboxRow> alerted = new ArrayList<>();
        for (PendingWindow w : pending) {
            Verdict v = judge(w, kind, size, detectors, last);
            ResultRow row = new ResultRow(w.seriesId(), w.start(), kind.name(), kind.version(), w.value(),
                    v.expected(), v.lower(), v.upper(), v.anomaly(), v.severity(), v.score(), v.warmingUp(), cutoff);
            results.add(row);
            alerts.toAlert(w, row, size).ifPresent(alerted::add);
        }
        Map<Long, StoredState> states = new HashMap<>();
        detectors.forEach((id, d) -> states.put(id,
                new StoredState(kind.name(), kind.version(), last.get(id), d.snapshot())));
        store.saveResults(results);
        store.markScored(pending);
        store.saveStates(states);
        outbox.add(alerted);
        return new Chunk(pending.size(), alerted.size(), ids);
    }

    private Verdict judge(PendingWindow w, DetectorKind kind, Duration size, Map<Long, StreamingDetector> detectors,
                          Map<Long, Instant> last) {
        Instant seen = last.get(w.seriesId());
        if (seen != null && !w.start().isAfter(seen)) {
            // the state already moved past this window (a late revision, or a window that arrived after newer
            // ones): judge it against the band predicted for it then, without learning it again
            ResultRow before = store.result(w.seriesId(), w.start(), kind.name());
            return before == null ? Verdict.insufficientHistory() : Rejudge.against(new Verdict(before.expected(),
                    before.lower(), before.upper(), before.anomaly(), before.severity(), before.score(),
                    before.warmingUp()), w.value());
        }
        StreamingDetector d = detectors.computeIfAbsent(w.seriesId(), id -> choice.start(id, w.start(), size));
        last.put(w.seriesId(), w.start());
        return d.observe(w.start().getEpochSecond(), w.value());
    }
}
