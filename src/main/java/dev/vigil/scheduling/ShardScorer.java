package dev.vigil.scheduling;

import dev.vigil.alerting.AlertGate;
import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.alerting.OpenEvents;
import dev.vigil.alerting.RuleConditions;
import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.Rejudge;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.storage.AlertRule.Breach;
import dev.vigil.storage.ChangePointStore;
import dev.vigil.storage.ClaimStore;
import dev.vigil.storage.ClaimStore.Claim;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.QuarantineStore;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.OpenEvent;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import dev.vigil.storage.ScoringStore.StoredState;
import dev.vigil.storage.ScoringStore.WindowRef;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Scores one chunk of a shard in one transaction: results, the windows' scored marks, detector states, outbox rows
 * and the claim's counts commit together, so a crash leaves the chunk pending and a rerun writes nothing twice.
 *
 * <p>A series whose state will not restore or whose detector throws is quarantined in the same transaction and its
 * windows stay pending; the other series of the chunk are scored as if it were not there.
 */
@ApplicationScoped
public class ShardScorer {

    /** What one chunk did: windows scored, anomalies flagged, the series scored, the series set aside. */
    public record Chunk(int windows, int anomalies, Set<Long> series, int quarantined) {
    }

    private final ScoringStore store;
    private final ClaimStore claims;
    private final OutboxStore outbox;
    private final QuarantineStore quarantine;
    private final AlertGate alerts;
    private final DetectorChoice choice;
    private final DetectionConfig config;
    private final ChangePointStore changePoints;
    private final RuleConditions conditions;

    public ShardScorer(ScoringStore store, ClaimStore claims, OutboxStore outbox, QuarantineStore quarantine,
                       AlertGate alerts, DetectorChoice choice, DetectionConfig config, ChangePointStore changePoints,
                       RuleConditions conditions) {
        this.store = store;
        this.claims = claims;
        this.conditions = conditions;
        this.changePoints = changePoints;
        this.outbox = outbox;
        this.quarantine = quarantine;
        this.alerts = alerts;
        this.choice = choice;
        this.config = config;
    }

    /** Scores the chunk's windows that are still pending, and counts them on the run's claim, in one transaction. */
    @Transactional
    @WithSpan("vigil.detection.chunk")
    public Chunk score(int shard, List<WindowRef> chunk, Instant cutoff, Duration size) {
        store.lockShard(shard);
        Chunk done = score(store.fetch(chunk), cutoff, size);
        claims.count(cutoff, shard, done.windows(), done.anomalies(), done.quarantined());
        return done;
    }

    /** Makes sure the pending-window index exists for the configured shard count. */
    void onStart(@Observes StartupEvent event) {
        store.ensurePendingIndex(config.shards());
    }

    /** Sets one series aside after its chunk failed to store; own transaction (the chunk's was rolled back). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void quarantine(Claim claim, long seriesId, RuntimeException failure) {
        quarantine.record(Map.of(seriesId, describe(failure)), config.quarantineBackoff(),
                config.quarantineMaxBackoff());
        claims.count(claim.cutoff(), claim.shard(), 0, 0, 1);
    }

    private Chunk score(List<PendingWindow> pending, Instant cutoff, Duration size) {
        if (pending.isEmpty()) {
            return new Chunk(0, 0, Set.of(), 0);
        }
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
        Map<Long, OpenEvent> replayed = replayEvents(stored, kind, size);
        Chunking chunking = new Chunking(kind, cutoff, conditions.forChunk(pending), size);

        List<ResultRow> results = new ArrayList<>(pending.size());
        List<PendingWindow> scored = new ArrayList<>(pending.size());
        List<Flagged> flagged = new ArrayList<>();
        Map<Long, StoredState> states = new HashMap<>();
        Map<Long, String> failed = new HashMap<>();
        List<Long> released = new ArrayList<>();
        for (Map.Entry<Long, List<PendingWindow>> series : bySeries.entrySet()) {
            long id = series.getKey();
            try {
                StoredState state = stored.get(id);
                OpenEvent event = state == null ? null : state.eventKnown() ? state.event() : replayed.get(id);
                SeriesOutcome o = scoreSeries(series.getValue(), state, started.get(id), event,
                        state != null && !state.eventKnown() && event != null, chunking);
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
                failed.put(id, describe(e));
            }
        }
        store.saveResults(results);
        changePoints.record(results, scored);
        store.markScored(scored);
        store.saveStates(states);
        // the rules decide after the results are stored: consecutive windows are read from them
        outbox.add(alerts.decide(flagged, size));
        quarantine.record(failed, config.quarantineBackoff(), config.quarantineMaxBackoff());
        quarantine.clear(released);
        Set<Long> done = new LinkedHashSet<>(bySeries.keySet());
        done.removeAll(failed.keySet());
        int anomalies = (int) flagged.stream().filter(f -> f.result().anomaly()).count();
        return new Chunk(scored.size(), anomalies, done, failed.size());
    }

    private record SeriesOutcome(List<ResultRow> results, List<Flagged> flagged, StoredState state) {
    }

    /** What every series of a chunk is scored with: the detector, the run's cutoff, the rules' conditions, the size. */
    private record Chunking(DetectorKind kind, Instant cutoff, Function<PendingWindow, Breach> breachOf,
                            Duration size) {
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
    private static long eventStep(StoredState stored, Duration size) {
        return stored != null && stored.stepSeconds() > 0 ? stored.stepSeconds() : size.toSeconds();
    }

    /**
     * One series' windows of the chunk, oldest first, from its stored state and the event open before them; a value
     * that breaks a condition of the rules covering it is flagged whatever the detector said. {@code replayed}: the
     * event was replayed from stored results, so the first window after it may complete what the windows before did
     * ({@link Flagged#afterReplay}). Throws if anything about the series fails.
     */
    private SeriesOutcome scoreSeries(List<PendingWindow> windows, StoredState stored, StreamingDetector started,
                                      OpenEvent event, boolean replayed, Chunking c) {
        DetectorKind kind = c.kind();
        // a state from another version of the maths is not trusted: the series relearned its stored windows instead
        // (started), so an upgrade does not blind it
        StreamingDetector detector = started;
        Instant last = null;
        if (started == null && stored != null && stored.version() == kind.version()) {
            detector = kind.restore(stored.state());
            last = stored.lastWindow();
        }
        // the data's step as this run sees it: the least gap between new windows (and the last one before them)
        long step = Long.MAX_VALUE;
        List<ResultRow> results = new ArrayList<>(windows.size());
        List<Flagged> flagged = new ArrayList<>();
        long eventStep = eventStep(stored, c.size());
        boolean first = true;
        for (PendingWindow w : windows) {
            Verdict v;
            boolean revised = last != null && !w.start().isAfter(last);
            if (revised) {
                v = rejudge(w, kind);
            } else {
                if (detector == null) {
                    throw new IllegalStateException("series " + w.seriesId() + " has neither a state nor a start");
                }
                v = detector.observe(w.start().getEpochSecond(), w.value());
                if (last != null) {
                    step = Math.min(step, w.start().getEpochSecond() - last.getEpochSecond());
                }
                last = w.start();
            }
            Breach breach = c.breachOf().apply(w);
            if (breach != null) {
                v = v.ruleBroken(breach.reason());
            }
            ResultRow row = new ResultRow(w.seriesId(), w.start(), kind.name(), kind.version(), w.value(),
                    v.expected(), v.lower(), v.upper(), v.anomaly(), v.severity(), v.score(), v.warmingUp(),
                    c.cutoff(), v.reason());
            results.add(row);
            if (!revised) {
                // a revised window was judged against its own past band; the event follows the series' new windows
                event = OpenEvents.next(event, row, eventStep);
            }
            Flagged f = Flagged.of(w, row, breach == null ? null : breach.reference(), revised ? null : event);
            if (f != null) {
                flagged.add(replayed && first && !revised ? f.afterReplay() : f);
            }
            first &= revised;
        }
        int stepSeconds = step != Long.MAX_VALUE ? (int) Math.min(step, Integer.MAX_VALUE)
                : stored == null ? 0 : stored.stepSeconds();
        StoredState state = detector == null ? null
                : new StoredState(kind.name(), kind.version(), last, detector.snapshot(), stepSeconds, event);
        return new SeriesOutcome(results, flagged, state);
    }

    /**
     * The state already moved past this window (a late revision, or a window that arrived after newer ones): judge
     * it against the band predicted for it then, without learning it again.
     */
    private Verdict rejudge(PendingWindow w, DetectorKind kind) {
        ResultRow before = store.result(w.seriesId(), w.start(), kind.name());
        if (before == null) {
            return Verdict.insufficientHistory();
        }
        if (Verdict.byRule(before.reason())) {
            // a rule's flag hid the detector's verdict: the revised value meets the band alone (none while warming
            // up), and the rules' conditions again after this
            return Double.isNaN(before.lower()) ? Verdict.insufficientHistory()
                    : Rejudge.against(new Verdict(before.expected(), before.lower(), before.upper(), false, 0,
                            before.score(), false), w.value());
        }
        return Rejudge.against(new Verdict(before.expected(), before.lower(), before.upper(), before.anomaly(),
                before.severity(), before.score(), before.warmingUp()), w.value());
    }

    /** The failure as an operator reads it: what failed, and the root cause that says why. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = line(e, 300);
        return root == e ? what : what + " (root cause: " + line(root, 500) + ")";
    }

    private static String line(Throwable t, int max) {
        String s = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        s = s.replaceAll("\\s+", " ");
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }
}
