package dev.vigil.alerting;

import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.alerting.AlertRuleResource.RuleView;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DecisionStore;
import dev.vigil.storage.DecisionStore.Decision;
import dev.vigil.storage.DecisionStore.Window;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rule would have done with the anomalies already stored: the decisions the pipeline would have taken had
 * the rule existed, alone, over a past period, without storing or sending anything. An operator moving a fleet's
 * alerting sees what a severity, a run length, a snooze or a cap costs in alerts before saving it (Metrics Advisor
 * previewed a detection configuration on past data the same way). The facts are those of {@link AlertGate}, read
 * through the same {@link RuleDecisions}: stored results for runs and companions, the series' events replayed from
 * stored results for a rule that counts windows ({@link EventReplay}), the series' feedback, and the preview's own
 * earlier decisions for snooze and cap.
 */
@ApplicationScoped
public class RulePreview {

    /** Longest period one preview covers. */
    static final Duration MAX_PERIOD = Duration.ofDays(31);
    /**
     * Most flagged windows one preview decides: the newest, what a rule is previewed for; beyond it the period starts
     * after the newest window time left out.
     */
    static final int MAX_FLAGGED = 100_000;
    /**
     * Most windows a preview may read beyond the flagged ones (each covered series' period over its data step,
     * summed: every window for a rule with limits or a change, and the event replay's look-back and period for a rule
     * with {@code minConsecutive} of 2 or more): about 22 seconds on two cores (BENCHMARKS "What a change condition
     * costs").
     */
    static final long MAX_READS = 5_000_000;
    /** Subjects (series or entities) listed, most alerts first. */
    static final int TOP = 10;
    /** The rule's id while previewed: no stored rule has it, so no stored decision or alert counts as its own. */
    static final long PREVIEW_ID = -1;

    /**
     * A subject is a series for a metric rule, an entity for a group rule.
     *
     * @param from            start of the period decided (later than asked when {@code truncated})
     * @param flagged         flagged windows the rule covers in the period
     * @param alertsNow       of those windows, how many the rules in force (or the default rule) alerted on: what
     *                        {@code alerts} compares with
     * @param subjects        subjects with a flagged window
     * @param subjectsAlerted of those, how many the rule alerted on
     * @param outcomes        how many windows ended in each outcome, in the order the rule checks them
     * @param days            per UTC day with flagged windows
     * @param top             the subjects with the most alerts (then the most flagged windows)
     * @param events          {@value #EVENTS_NONE} (the rule counts one window, or a group rule),
     *                        {@value #EVENTS_REPLAYED}, or {@value #EVENTS_SKIPPED}: the replay would read more than
     *                        the preview may, so only flagged windows were decided and a window that would complete
     *                        an event is missing from {@code alerts}
     */
    public record Preview(RuleView rule, Instant from, Instant to, boolean truncated, long flagged, long alerts,
                          long alertsNow, int subjects, int subjectsAlerted, List<OutcomeCount> outcomes,
                          List<DayCount> days, List<SubjectCount> top, String events) {
    }

    static final String EVENTS_NONE = "none";
    static final String EVENTS_REPLAYED = "replayed";
    static final String EVENTS_SKIPPED = "skipped";

    public record OutcomeCount(String outcome, long windows) {
    }

    public record DayCount(String day, long flagged, long alerts) {
    }

    /** A series (id and key) or a group's entity (id and key); ids are strings in JSON (64-bit). */
    public record SubjectCount(String id, String key, long flagged, long alerts) {
    }

    private final PreviewWindows windows;
    private final DecisionStore decisions;
    private final RuleDecisions deciders;
    private final GroupRulePreview groups;

    RulePreview(PreviewWindows windows, DecisionStore decisions, RuleDecisions deciders, GroupRulePreview groups) {
        this.windows = windows;
        this.decisions = decisions;
        this.deciders = deciders;
        this.groups = groups;
    }

    /**
     * Decides the rule on the stored flagged windows of {@code [from, to)}; {@code size} is the window size; the
     * series {@code overrides} (stored rules with override) cover are left out unless the rule is an override too.
     */
    public Preview preview(AlertRule asked, List<AlertRule> overrides, Instant from, Instant to, Duration size) {
        return preview(asked, overrides, from, to, size, MAX_FLAGGED, MAX_READS);
    }

    /** As above with no stored override. */
    public Preview preview(AlertRule asked, Instant from, Instant to, Duration size) {
        return preview(asked, List.of(), from, to, size, MAX_FLAGGED, MAX_READS);
    }

    /** As above, deciding at most {@code maxFlagged} windows (tests reach the limit with a few). */
    Preview preview(AlertRule asked, Instant from, Instant to, Duration size, int maxFlagged, long maxReads) {
        return preview(asked, List.of(), from, to, size, maxFlagged, maxReads);
    }

    /** As above, with the stored overrides. */
    Preview preview(AlertRule asked, List<AlertRule> overrides, Instant from, Instant to, Duration size,
                    int maxFlagged, long maxReads) {
        AlertRule rule = new AlertRule(PREVIEW_ID, asked.name(), asked.metric(), asked.group(), asked.dimensions(),
                asked.minSeverity(), asked.direction(), asked.minConsecutive(), asked.snooze(), asked.maxPerHour(),
                asked.maintenance(), asked.enabled(), asked.confirmBelow(), asked.confirmWindows(), asked.silence(),
                asked.limits(), asked.change(), asked.conditionsOnly(), asked.override());
        // an override takes the place of this rule on the series it covers (AlertRule.deciding)
        List<AlertRule> over = rule.override() || rule.conditionsOnly() ? List.of() : overrides;
        if (rule.group() != null) {
            return groups.preview(rule, RuleView.of(asked), from, to, maxFlagged);
        }
        PreviewWindows.Read read = windows.read(rule, over, from, to, size, maxFlagged, maxReads);
        Instant start = read.start();
        Map<Flagged, List<AlertRule>> covering = new LinkedHashMap<>();
        read.windows().forEach(f -> covering.put(f, List.of(rule)));
        RuleDecisions.Deciding deciding = deciders.open(covering, size);
        DecisionLedger ledger = deciding.ledger();
        PreviewTally tally = new PreviewTally();
        for (Flagged f : covering.keySet()) {
            Window w = DecisionLedger.window(f);
            Outcome o = deciding.judge(rule, f, w);
            if (o == null) {
                continue; // a window of an event that completes nothing
            }
            if (w.start().isBefore(start)) {
                ledger.note(w, rule.id(), o); // an event's flag before the period: what it left waiting
                continue;
            }
            // recorded, never flushed: later windows' snooze and cap count it, nothing is stored
            ledger.record(w, new Decision(w.seriesId(), w.start(), rule.id(), o.label(), AlertGate.severity(f)),
                    ledger.step(w));
            tally.add(w.seriesId(), f.window().seriesKey(), w.start(), o);
        }
        Long[] subjects = tally.windowSubjects();
        long alertsNow = subjects.length == 0 ? 0 : decisions.alertedWindows(subjects, tally.windowStarts());
        return tally.preview(RuleView.of(asked), start, to, read.truncated(), alertsNow, read.events());
    }
}
