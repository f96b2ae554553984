package dev.vigil.alerting;

import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.FlaggedHistory;
import dev.vigil.storage.FlaggedHistory.StoredFlag;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The windows a metric rule's {@link RulePreview} decides, in the order a run decides them: the stored flagged
 * windows of the period that the rule covers (every window, for a rule with limits or a change), the newest when there
 * are more than the preview decides, with the series' events replayed from stored results for a rule that counts
 * windows; the series a stored override covers are left out.
 */
@ApplicationScoped
class PreviewWindows {

    /**
     * The windows to decide.
     *
     * @param start  start of the period decided (later than asked when {@code truncated})
     * @param events what the event replay did, as {@link RulePreview.Preview#events}
     */
    record Read(List<Flagged> windows, Instant start, boolean truncated, String events) {
    }

    private final FlaggedHistory history;
    private final EventReplay events;

    PreviewWindows(FlaggedHistory history) {
        this.history = history;
        this.events = new EventReplay(history);
    }

    /** 400 {@code PreviewTooLarge} when a rule with limits or a change would read more than {@code maxReads}. */
    Read read(AlertRule rule, List<AlertRule> over, Instant from, Instant to, Duration size, int maxFlagged,
              long maxReads) {
        List<StoredFlag> rows;
        List<Long> series = null;
        long reads = 0;
        if (rule.limits() == null && rule.change() == null) {
            rows = history.flagged(from, to, rule, maxFlagged + 1);
        } else {
            // a condition is judged on every window, not only the flagged ones: refuse what would read for minutes
            // (counted in each series' data step: an hourly fleet previews twelve times the period)
            series = history.covered(rule);
            reads = history.windows(series, from, to, size);
            if (reads > maxReads) {
                throw new RejectedInput(400, "PreviewTooLarge", "from", ("a preview of limits or a change reads every "
                        + "window of the rule's series in the period: up to %,d here (%,d series), at most %,d; "
                        + "shorten the period or narrow the rule's metric or dimensions").formatted(reads,
                        series.size(), maxReads));
            }
            rows = history.withConditions(from, to, rule, series, maxFlagged + 1);
        }
        // the newest windows, oldest first: cut short, the period starts after the window time of the oldest (left
        // out, with every other window of its time)
        boolean truncated = rows.size() > maxFlagged;
        Instant start = truncated ? rows.get(0).result().windowStart().plus(size) : from;
        // only a rule that counts windows has anything to learn from an event
        EventReplay.Replayed replayed = rule.minConsecutive() < 2 ? EventReplay.Replayed.NONE
                : events.replay(rule, series == null ? history.covered(rule) : series, start, to, size,
                        maxReads - reads);
        List<Flagged> windows = new ArrayList<>(replayed.opening().stream().filter(f -> !overridden(f, over)).toList());
        for (StoredFlag row : rows) {
            Instant t = row.result().windowStart();
            boolean decides = !rule.conditionsOnly() || row.reference() != null;
            Map<String, String> dims = RuleCoverage.dimensions(row.dimensionsJson());
            if (!t.isBefore(start) && decides && rule.covers(row.metric(), dims)
                    && over.stream().noneMatch(o -> o.covers(row.metric(), dims))) {
                windows.add(new Flagged(pending(row), row.result(), row.reference(), replayed.event(row)));
            }
        }
        windows.addAll(replayed.completing().stream().filter(f -> !overridden(f, over)).toList());
        // in window time, then series: the order a run decides them in (a stable sort keeps the detectors' order)
        windows.sort(Comparator.comparing((Flagged f) -> f.window().start()).thenComparing(f -> f.window().seriesId()));
        return new Read(windows, start, truncated, replayed.mode());
    }

    private static boolean overridden(Flagged f, List<AlertRule> overrides) {
        Map<String, String> dims = RuleCoverage.dimensions(f.window().dimensionsJson());
        return overrides.stream().anyMatch(o -> o.covers(f.window().metric(), dims));
    }

    /** A stored window as the rules take it from a run. */
    static PendingWindow pending(StoredFlag row) {
        ResultRow r = row.result();
        return new PendingWindow(r.seriesId(), row.seriesKey(), row.metric(), row.dimensionsJson(), r.windowStart(),
                r.value(), 0, 0, true, false);
    }
}
