package dev.vigil.scheduling;

import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.alerting.OpenEvents;
import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.LastPointJudge;
import dev.vigil.detection.Rejudge;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.storage.AlertRule.Breach;
import dev.vigil.storage.ScoringStore.OpenEvent;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import dev.vigil.storage.ScoringStore.StoredState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One series' windows of a chunk, judged oldest first; no storage of its own. */
final class SeriesScoring {

    /** What every series of a chunk is scored with: the detector, the run's cutoff, the rules' conditions, the size. */
    record Chunking(DetectorKind kind, Instant cutoff, Function<PendingWindow, Breach> breachOf, Duration size,
                    Function<PendingWindow, ResultRow> before) {
    }

    /** The series' results, flags for the rules, and the state to save (null when it has no detector). */
    record Outcome(List<ResultRow> results, List<Flagged> flagged, StoredState state) {
    }

    private SeriesScoring() {
    }

    /**
     * One series' windows of the chunk, oldest first, from its stored state and the event open before them; a value
     * that breaks a condition of the rules covering it is flagged whatever the detector said. {@code replayed}: the
     * event was replayed from stored results, so the first window after it may complete what the windows before did
     * ({@link Flagged#afterReplay}). A series with coarse windows ({@code coarse} not null) has those judged by the
     * batch engine; its streaming detector still learns them, so the series is judged at once when its data turn finer.
     * Throws if anything about the series fails.
     */
    static Outcome score(List<PendingWindow> windows, StoredState stored, StreamingDetector started, OpenEvent event,
                         boolean replayed, CoarseScoring.History coarse, Chunking c) {
        DetectorKind kind = c.kind();
        // a state from another version of the maths is not trusted: the series relearned its stored windows instead
        // (started), so an upgrade does not blind it
        StreamingDetector detector = started;
        Instant last = null;
        if (started == null && stored != null && stored.version() == kind.version()) {
            detector = kind.restore(stored.state());
            last = stored.lastWindow();
        }
        long step = step(windows, last, stored);
        List<ResultRow> results = new ArrayList<>(windows.size());
        List<Flagged> flagged = new ArrayList<>();
        long eventStep = ChunkStart.eventStep(stored, c.size());
        boolean first = true;
        for (PendingWindow w : windows) {
            Verdict v;
            boolean batch = coarse != null && coarse.covers(w);
            String name = batch ? LastPointJudge.NAME : kind.name();
            int version = batch ? LastPointJudge.VERSION : kind.version();
            boolean revised = last != null && !w.start().isAfter(last);
            if (revised) {
                ResultRow before = c.before().apply(w);
                v = rejudge(w, before);
                if (before != null) {
                    // the revision replaces the earlier verdict, under the name of whichever engine gave it
                    name = before.detector();
                    version = before.detectorVersion();
                }
            } else {
                if (detector == null) {
                    throw new IllegalStateException("series " + w.seriesId() + " has neither a state nor a start");
                }
                v = detector.observe(w.start().getEpochSecond(), w.value());
                Verdict judged = coarse == null ? null : coarse.next(w);
                if (judged != null) {
                    v = judged;
                }
                last = w.start();
            }
            Breach breach = c.breachOf().apply(w);
            if (breach != null) {
                v = v.ruleBroken(breach.reason());
            }
            ResultRow row = new ResultRow(w.seriesId(), w.start(), name, version, w.value(),
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
        int stepSeconds = (int) Math.min(step, Integer.MAX_VALUE);
        StoredState state = detector == null ? null
                : new StoredState(kind.name(), kind.version(), last, detector.snapshot(), stepSeconds, event);
        return new Outcome(results, flagged, state);
    }

    /**
     * The data's step as this run sees it: the least gap between the windows after {@code last} (the last window the
     * series' state judged, null for none) and the last one before them; else the stored step, else 0.
     */
    static long step(List<PendingWindow> windows, Instant last, StoredState stored) {
        long step = Long.MAX_VALUE;
        for (PendingWindow w : windows) {
            if (last != null && !w.start().isAfter(last)) {
                continue;
            }
            if (last != null) {
                step = Math.min(step, w.start().getEpochSecond() - last.getEpochSecond());
            }
            last = w.start();
        }
        return step != Long.MAX_VALUE ? step : stored == null ? 0 : stored.stepSeconds();
    }

    /**
     * The state already moved past this window (a late revision, or a window that arrived after newer ones): judge
     * it against the band predicted for it then ({@code before}, null when there is none), without learning it again.
     */
    private static Verdict rejudge(PendingWindow w, ResultRow before) {
        if (before == null) {
            return Verdict.insufficientHistory();
        }
        if (Verdict.byRule(before.reason())) {
            // a rule's flag hid the detector's verdict: the revised value meets the band alone (none while warming
            // up), and the rules' conditions again after this
            return Double.isNaN(before.lower()) ? Verdict.insufficientHistory()
                    : Rejudge.against(new Verdict(before.expected(), before.lower(), before.upper(), false, 0,
                            before.score(), false), before.value(), w.value());
        }
        return Rejudge.against(new Verdict(before.expected(), before.lower(), before.upper(), before.anomaly(),
                before.severity(), before.score(), before.warmingUp(), before.reason()), before.value(), w.value());
    }
}
