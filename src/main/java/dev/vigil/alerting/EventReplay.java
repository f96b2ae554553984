package dev.vigil.alerting;

import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DecisionStore.Window;
import dev.vigil.storage.FlaggedHistory;
import dev.vigil.storage.FlaggedHistory.StoredFlag;
import dev.vigil.storage.ScoringStore.OpenEvent;
import dev.vigil.storage.ScoringStore.ResultRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The anomaly events a rule's preview replays from stored results, with {@link OpenEvents#next} as the detection run
 * follows them, so a rule that asks for {@code minConsecutive} windows is previewed as the run decides it: a flag
 * counts its event's windows, and the unflagged window that brings an event to {@code minConsecutive} completes what
 * the decision on its flag left waiting. A rule that asks for one window needs none of it.
 *
 * <p>An event can begin before the period: each series is read back {@link #lookBack} windows of its data step, from
 * its first flag there (a rule with limits or a change: from the look-back's start, as its conditions flag windows
 * the stored results do not). An event open since before that has lasted at least {@code minConsecutive} windows by
 * {@code from} (each of its windows lies at most two steps after the one before), so the run decides none of its
 * later unflagged windows; the replay does not know that event and may count differently until it ends.
 *
 * <p>The replay follows an event in the series' data step as its last run saw it, where the run used the step of the
 * run before; and a window revised by a late reading is replayed with its revised value, where the run followed the
 * event with the value it first scored (it does not follow events on re-scored windows). Both differ only where a
 * series' step changed or a late reading moved a value across the event's band.
 */
final class EventReplay {

    /** The longest look-back, whatever the series' step (a daily series reads back a month, not 288 days). */
    static final Duration MAX_LOOK_BACK = RulePreview.MAX_PERIOD;

    /**
     * What the replay found in the period's windows up to {@code end}.
     *
     * @param events     the event after each flagged window of the period (none: absent)
     * @param opening    the flags before the period that opened an event: the preview decides them, unrecorded, to
     *                   know what they left waiting
     * @param completing the unflagged windows of the period whose event reaches the rule's {@code minConsecutive}
     * @param mode       what the preview says of it: {@link RulePreview#EVENTS_NONE}, {@code _REPLAYED} or
     *                   {@code _SKIPPED}
     */
    record Replayed(Map<Window, OpenEvent> events, List<Flagged> opening, List<Flagged> completing, String mode) {

        /** A rule that counts one window: no event decides anything. */
        static final Replayed NONE = new Replayed(Map.of(), List.of(), List.of(), RulePreview.EVENTS_NONE);
        /** A replay past the budget: the flagged windows are decided alone, as they were before events. */
        static final Replayed SKIPPED = new Replayed(Map.of(), List.of(), List.of(), RulePreview.EVENTS_SKIPPED);

        /** The event after a flagged window of the period, or null. */
        OpenEvent event(StoredFlag row) {
            ResultRow r = row.result();
            return events.get(new Window(r.seriesId(), r.windowStart(), r.detector()));
        }
    }

    /** A series' results of one detector: what an event is followed in. */
    private record Followed(long seriesId, String detector) {
    }

    private final FlaggedHistory history;

    EventReplay(FlaggedHistory history) {
        this.history = history;
    }

    /** Windows of a series' data step read back before the period: 288, or all a rule's run can span. */
    static long lookBack(AlertRule rule) {
        return Math.max(OpenEvents.MAX_WINDOWS, 2L * (rule.minConsecutive() - 1));
    }

    /**
     * Replays the events of the {@code covered} series up to {@code end}, reading at most {@code budget} windows
     * (the look-back and the period over each series' data step, summed). Beyond it the replay is skipped, not
     * refused: a fleet whose series nearly all flag once a week would otherwise get no preview of such a rule at all
     * past about 2,000 series of 5-minute windows, and the flagged windows alone still say most of what it does.
     */
    Replayed replay(AlertRule rule, List<Long> covered, Instant from, Instant end, Duration size, long budget) {
        Map<Long, Long> steps = history.steps(covered, size);
        Map<Long, Instant> since = new HashMap<>();
        for (long id : covered) {
            Duration back = Duration.ofSeconds(steps.get(id)).multipliedBy(lookBack(rule));
            since.put(id, from.minus(back.compareTo(MAX_LOOK_BACK) > 0 ? MAX_LOOK_BACK : back));
        }
        // an event opens only at a flag: without conditions of its own, the rule sees the stored flags
        Map<Long, Instant> start = rule.limits() == null && rule.change() == null ? history.firstFlags(since, end)
                : since;
        long reads = 0;
        for (Map.Entry<Long, Instant> e : start.entrySet()) {
            long step = steps.get(e.getKey());
            reads += Math.max(1, (Duration.between(e.getValue(), end).toSeconds() + step - 1) / step);
        }
        if (reads > budget) {
            return Replayed.SKIPPED;
        }
        Map<Window, OpenEvent> events = new HashMap<>();
        List<Flagged> opening = new ArrayList<>();
        List<Flagged> completing = new ArrayList<>();
        // each series' (and detector's) open event; a series' results arrive in window order
        Map<Followed, OpenEvent> open = new HashMap<>();
        history.eachResult(rule, start, end, row -> {
            ResultRow r = row.result();
            Followed series = new Followed(r.seriesId(), r.detector());
            OpenEvent event = OpenEvents.next(open.get(series), r, steps.get(r.seriesId()));
            if (event == null) {
                open.remove(series);
            } else {
                open.put(series, event);
            }
            Flagged f = event == null && !r.anomaly() ? null
                    : Flagged.of(PreviewWindows.pending(row), r, row.reference(), event);
            if (f == null || rule.conditionsOnly() && f.continues()) {
                return; // a conditions-only rule decides its conditions' flags alone (AlertRule.deciding)
            }
            if (r.windowStart().isBefore(from)) {
                if (!f.continues() && !rule.conditionsOnly() && event != null
                        && event.start().equals(r.windowStart())) {
                    opening.add(f);
                }
            } else if (!f.continues()) {
                events.put(DecisionLedger.window(f), event);
            } else if (event.windows() == rule.minConsecutive()) {
                completing.add(f);
            }
        });
        return new Replayed(events, opening, completing, RulePreview.EVENTS_REPLAYED);
    }
}
