package dev.vigil.alerting;

import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.alerting.AlertRuleResource.RuleView;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DecisionStore;
import dev.vigil.storage.DecisionStore.Decision;
import dev.vigil.storage.DecisionStore.Window;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.Dismissal;
import dev.vigil.storage.FlaggedHistory;
import dev.vigil.storage.FlaggedHistory.StoredFlag;
import dev.vigil.storage.ScoringStore.PendingWindow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rule would have done with the anomalies already stored: the decisions the pipeline would have taken had
 * the rule existed, alone, over a past period, without storing or sending anything. An operator moving a fleet's
 * alerting sees what a severity, a run length, a snooze or a cap costs in alerts before saving it (Metrics Advisor
 * previewed a detection configuration on past data the same way). The facts are those of {@link AlertGate}: stored
 * results for runs and companions, the series' feedback, and the preview's own earlier decisions for snooze and cap.
 */
@ApplicationScoped
public class RulePreview {

    /** Longest period one preview covers. */
    static final Duration MAX_PERIOD = Duration.ofDays(31);
    /** Most flagged windows one preview decides; beyond it the period ends at the first window time left out. */
    static final int MAX_FLAGGED = 100_000;
    /** Series listed, most alerts first. */
    static final int TOP = 10;
    /** The rule's id while previewed: no stored rule has it, so no stored decision or alert counts as its own. */
    static final long PREVIEW_ID = -1;

    /**
     * @param to        end of the period decided (earlier than asked when {@code truncated})
     * @param flagged   flagged windows the rule covers in the period
     * @param alertsNow of those windows, how many the stored rules (or the default rule) alerted on: what the
     *                  preview's {@code alerts} compare with
     * @param outcomes  how many of them ended in each outcome, in the order the rule checks them
     * @param days      per UTC day with flagged windows
     * @param top       the series with the most alerts (then the most flagged windows)
     */
    public record Preview(RuleView rule, Instant from, Instant to, boolean truncated, long flagged, long alerts,
                          long alertsNow, int series, int seriesAlerted, List<OutcomeCount> outcomes, List<DayCount> days,
                          List<SeriesCount> top) {
    }

    public record OutcomeCount(String outcome, long windows) {
    }

    public record DayCount(String day, long flagged, long alerts) {
    }

    public record SeriesCount(long seriesId, String seriesKey, long flagged, long alerts) {
    }

    private final FlaggedHistory history;
    private final DecisionStore decisions;
    private final FeedbackStore feedback;
    private final AlertGate gate;

    public RulePreview(FlaggedHistory history, DecisionStore decisions, FeedbackStore feedback, AlertGate gate) {
        this.history = history;
        this.decisions = decisions;
        this.feedback = feedback;
        this.gate = gate;
    }

    /** Decides the rule on the stored flagged windows of {@code [from, to)}; {@code size} is the window size. */
    public Preview preview(AlertRule asked, Instant from, Instant to, Duration size) {
        return preview(asked, from, to, size, MAX_FLAGGED);
    }

    /** As above, deciding at most {@code maxFlagged} windows (tests reach the limit with a few). */
    Preview preview(AlertRule asked, Instant from, Instant to, Duration size, int maxFlagged) {
        AlertRule rule = new AlertRule(PREVIEW_ID, asked.name(), asked.metric(), asked.group(), asked.dimensions(),
                asked.minSeverity(), asked.direction(), asked.minConsecutive(), asked.snooze(), asked.maxPerHour(),
                asked.maintenance(), asked.enabled(), asked.confirmBelow(), asked.confirmWindows());
        List<StoredFlag> rows = history.flagged(from, to, rule.metric(), maxFlagged + 1);
        boolean truncated = rows.size() > maxFlagged;
        Instant end = truncated ? rows.get(maxFlagged).result().windowStart() : to;
        // flagged windows in window time, then series: the order a run decides them in
        Map<Flagged, List<AlertRule>> covering = new LinkedHashMap<>();
        for (StoredFlag row : rows) {
            Instant t = row.result().windowStart();
            if (t.isBefore(end) && rule.covers(row.metric(), AlertGate.dimensions(row.dimensionsJson()))) {
                PendingWindow w = new PendingWindow(row.result().seriesId(), row.seriesKey(), row.metric(),
                        row.dimensionsJson(), t, row.result().value(), 0, 0, true, false);
                covering.put(new Flagged(w, row.result()), List.of(rule));
            }
        }
        Map<Long, List<Dismissal>> dismissals = feedback.dismissals(
                covering.keySet().stream().map(f -> f.window().seriesId()).distinct().toList());
        DecisionLedger ledger = DecisionLedger.load(decisions, covering, size);
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        TreeMap<LocalDate, long[]> days = new TreeMap<>();
        Map<Long, long[]> perSeries = new HashMap<>();
        Map<Long, String> keys = new HashMap<>();
        for (Flagged f : covering.keySet()) {
            Window w = DecisionLedger.window(f);
            Duration step = ledger.step(w);
            Outcome o = RuleJudge.decide(rule, gate.facts(rule, f, w, ledger,
                    dismissals.getOrDefault(w.seriesId(), List.of())));
            // recorded, never flushed: later windows' snooze and cap count it, nothing is stored
            ledger.record(w, new Decision(w.seriesId(), w.start(), rule.id(), o.label(), f.result().severity()), step);
            int alerted = o == Outcome.ALERTED ? 1 : 0;
            outcomes.merge(o, 1L, Long::sum);
            long[] day = days.computeIfAbsent(LocalDate.ofInstant(w.start(), ZoneOffset.UTC), d -> new long[2]);
            day[0]++;
            day[1] += alerted;
            long[] series = perSeries.computeIfAbsent(w.seriesId(), s -> new long[2]);
            series[0]++;
            series[1] += alerted;
            keys.putIfAbsent(w.seriesId(), f.window().seriesKey());
        }
        List<OutcomeCount> byOutcome = new ArrayList<>();
        outcomes.forEach((o, n) -> byOutcome.add(new OutcomeCount(o.label(), n)));
        List<DayCount> byDay = new ArrayList<>();
        days.forEach((d, n) -> byDay.add(new DayCount(d.toString(), n[0], n[1])));
        List<SeriesCount> top = perSeries.entrySet().stream()
                .map(e -> new SeriesCount(e.getKey(), keys.get(e.getKey()), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.comparingLong(SeriesCount::alerts).reversed()
                        .thenComparing(Comparator.comparingLong(SeriesCount::flagged).reversed())
                        .thenComparing(SeriesCount::seriesKey))
                .limit(TOP).toList();
        long alerts = outcomes.getOrDefault(Outcome.ALERTED, 0L);
        int seriesAlerted = (int) perSeries.values().stream().filter(n -> n[1] > 0).count();
        long alertsNow = perSeries.isEmpty() ? 0
                : decisions.alertedWindows(List.copyOf(perSeries.keySet()), from, end);
        return new Preview(RuleView.of(asked), from, end, truncated, covering.size(), alerts, alertsNow,
                perSeries.size(), seriesAlerted, byOutcome, byDay, top);
    }
}
