package dev.vigil.alerting;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DecisionStore.Decision;
import dev.vigil.storage.DecisionStore.Window;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.RuleStore;
import dev.vigil.storage.ScoringStore.OpenEvent;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies the alert rules when the outbox is written, in the scoring transaction: for each flagged window every
 * rule covering its series (the default rule when none does) decides an {@link Outcome}, which is stored. A window
 * scored again finds its decisions and repeats them, so re-scoring sends nothing new and nothing twice. Snooze,
 * consecutive windows and the hourly cap are counted in window time from stored decisions and results, never from
 * the clock, so a backfill decides as live data would have.
 */
@ApplicationScoped
public class AlertGate {

    /**
     * A window the detector or a rule's condition flagged, with its stored result and, for a rule's condition, the
     * value it was judged against (the bound it broke, the earlier window's value; null: the detector's expected).
     */
    public record Flagged(PendingWindow window, ResultRow result, Double reference, OpenEvent event,
                          boolean replayed) {

        public Flagged(PendingWindow window, ResultRow result, Double reference, OpenEvent event) {
            this(window, result, reference, event, false);
        }

        public Flagged(PendingWindow window, ResultRow result, Double reference) {
            this(window, result, reference, null);
        }

        /** A window the detector flagged. */
        public Flagged(PendingWindow window, ResultRow result) {
            this(window, result, null, null);
        }

        /**
         * A window the detector did not flag that continues its series' open event ({@link OpenEvent}): the rules
         * only look at it to complete a decision the event's flag left waiting (consecutive windows).
         */
        public static Flagged continuing(PendingWindow window, ResultRow result, OpenEvent event) {
            return new Flagged(window, result, null, event);
        }

        /**
         * A scored window as the rules see it, given its series' event after it (see {@link OpenEvents}): flagged,
         * continuing the event, or neither (null). The detection run and the rule preview both ask here.
         */
        public static Flagged of(PendingWindow window, ResultRow result, Double reference, OpenEvent event) {
            return result.anomaly() ? new Flagged(window, result, reference, event)
                    : event == null ? null : continuing(window, result, event);
        }

        public boolean continues() {
            return event != null && !result.anomaly();
        }

        /**
         * The same window as the first its series scores after its event was replayed from stored results (a version
         * that does not follow events scored the windows before): it may complete what those windows passed.
         */
        public Flagged afterReplay() {
            return new Flagged(window, result, reference, event, true);
        }
    }

    private final RuleStore rules;
    private final RuleDecisions decisions;
    private final AlertEvents events;
    private final AlertConfig config;

    public AlertGate(RuleStore rules, RuleDecisions decisions, AlertEvents events, AlertConfig config) {
        this.rules = rules;
        this.decisions = decisions;
        this.events = events;
        this.config = config;
    }

    /** The rule applied to series that no stored rule covers, from {@code vigil.alerting.*}. */
    public AlertRule defaultRule() {
        return defaultRule(config);
    }

    /** The enabled stored overrides but the one named {@code except} (a stored rule previewed for an edit). */
    public List<AlertRule> overrides(String except) {
        return rules.enabled().stream().filter(r -> r.override() && !r.name().equals(except)).toList();
    }

    static AlertRule defaultRule(AlertConfig config) {
        AlertConfig.DefaultRule d = config.defaultRule();
        return new AlertRule(0, AlertRule.DEFAULT_NAME, null, null, Map.of(), config.minSeverity(), d.direction(),
                d.minConsecutive(), d.snooze(), d.maxPerHour(), List.of(), true, d.confirmBelow(), d.confirmWindows());
    }

    /**
     * Decides, stores the decisions and returns the events to publish. Call after the chunk's results are saved,
     * in the same transaction.
     */
    public List<OutboxRow> decide(List<Flagged> flagged, Duration size) {
        if (flagged.isEmpty()) {
            return List.of();
        }
        List<AlertRule> stored = rules.enabled();
        AlertRule fallback = defaultRule();
        Map<Flagged, List<AlertRule>> covering = new LinkedHashMap<>();
        TreeSet<Long> ruleIds = new TreeSet<>();
        // a continuing window is only ever decided where its event reaches a rule's minConsecutive: the rest of a
        // long event (a fleet-wide outage of hours) costs the rules nothing
        Set<Integer> asked = new HashSet<>(List.of(fallback.minConsecutive()));
        stored.forEach(r -> asked.add(r.minConsecutive()));
        asked.remove(1);
        List<Flagged> ordered = new ArrayList<>(flagged.stream()
                .filter(f -> !f.continues() || f.replayed() || asked.contains(f.event().windows())).toList());
        if (ordered.isEmpty()) {
            return List.of();
        }
        // window time first, so that the hourly cap is spent in the order the anomalies happened
        ordered.sort(Comparator.comparing((Flagged f) -> f.window().start()).thenComparing(f -> f.window().seriesId()));
        for (Flagged f : ordered) {
            Map<String, String> dims = dimensions(f.window().dimensionsJson());
            List<AlertRule> mine = AlertRule.deciding(stored.stream()
                    .filter(r -> r.covers(f.window().metric(), dims)).toList(), fallback, f.reference() != null);
            covering.put(f, mine);
            mine.forEach(r -> ruleIds.add(r.id()));
        }
        decisions.lockRules(List.copyOf(ruleIds));
        RuleDecisions.Deciding deciding = decisions.open(covering, size);
        DecisionLedger ledger = deciding.ledger();
        List<OutboxRow> out = new ArrayList<>();
        for (Map.Entry<Flagged, List<AlertRule>> e : covering.entrySet()) {
            Flagged f = e.getKey();
            Window w = DecisionLedger.window(f);
            // a copy: the ledger adds this window's decisions as they are taken
            Map<Long, String> before = Map.copyOf(ledger.existing(w));
            List<String> alerted = new ArrayList<>();
            for (AlertRule rule : e.getValue()) {
                Outcome o;
                if (before.containsKey(rule.id())) {
                    o = Outcome.parse(before.get(rule.id()));
                } else {
                    o = deciding.judge(rule, f, w);
                    if (o == null) {
                        continue; // the event's flag was decided for good: its later windows add nothing
                    }
                    ledger.record(w, new Decision(w.seriesId(), w.start(), rule.id(), o.label(), severity(f)),
                            ledger.step(w));
                    Instant hour = w.start().truncatedTo(ChronoUnit.HOURS);
                    if (o == Outcome.CAPPED && ledger.count(rule.id(), o.label(), hour, 2) == 1) {
                        out.add(events.capped(rule, hour, f.window()));
                    }
                }
                if (o == Outcome.ALERTED) {
                    alerted.add(rule.name());
                }
            }
            if (!alerted.isEmpty() && config.anomalyEvents()) {
                out.add(events.toAlert(f.window(), f.continues() ? asEvent(f) : f.result(), size, alerted));
            }
        }
        ledger.flush();
        return out;
    }

    /** The severity a decision on this window is stored with: its event's for a continuing window. */
    static double severity(Flagged f) {
        return f.continues() ? f.event().severity() : f.result().severity();
    }

    /** A continuing window as its alert reports it: the event's expected value, band, severity and reason. */
    private static ResultRow asEvent(Flagged f) {
        ResultRow r = f.result();
        OpenEvent e = f.event();
        return new ResultRow(r.seriesId(), r.windowStart(), r.detector(), r.detectorVersion(), r.value(), e.expected(),
                e.lower(), e.upper(), true, e.severity(), r.score(), false, r.runCutoff(), e.reason());
    }

    /**
     * The value minus its expected value; for a window a rule's condition flagged, minus the value it was judged
     * against, so a rule's direction reads the side of the breach (the expected value is unknown while the detector
     * warms up).
     */
    static double deviation(Flagged f) {
        return f.result().value() - (f.reference() != null ? f.reference() : f.result().expected());
    }

    static Map<String, String> dimensions(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("series dimensions are stored as JSON", e);
        }
    }
}
