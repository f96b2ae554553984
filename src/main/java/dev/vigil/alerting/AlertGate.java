package dev.vigil.alerting;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DecisionStore;
import dev.vigil.storage.DecisionStore.Decision;
import dev.vigil.storage.DecisionStore.Window;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.Dismissal;
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
    private final DecisionStore decisions;
    private final FeedbackStore feedback;
    private final AlertEvents events;
    private final AlertConfig config;

    public AlertGate(RuleStore rules, DecisionStore decisions, FeedbackStore feedback, AlertEvents events,
                     AlertConfig config) {
        this.rules = rules;
        this.decisions = decisions;
        this.feedback = feedback;
        this.events = events;
        this.config = config;
    }

    /** The rule applied to series that no stored rule covers, from {@code vigil.alerting.*}. */
    public AlertRule defaultRule() {
        return defaultRule(config);
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
        Map<Long, List<Dismissal>> dismissals = feedback.dismissals(
                ordered.stream().map(f -> f.window().seriesId()).distinct().toList());
        DecisionLedger ledger = DecisionLedger.load(decisions, covering, size);
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
                    o = judge(rule, f, w, ledger, dismissals.getOrDefault(w.seriesId(), List.of()));
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

    /**
     * What one rule decides for one window, from the ledger's facts, without recording it; null for a continuing
     * window that completes nothing the rule's decision on its event's flag left waiting (it is not decided). The
     * detection run and the rule preview ({@link RulePreview}) decide through here.
     */
    Outcome judge(AlertRule rule, Flagged f, Window w, DecisionLedger ledger, List<Dismissal> dismissed) {
        if (f.continues()) {
            return waiting(rule, f, ledger) ? RuleJudge.decide(rule, continuing(rule, f, w, ledger, dismissed)) : null;
        }
        return RuleJudge.decide(rule, facts(rule, f, w, ledger, dismissed));
    }

    /** The severity a decision on this window is stored with: its event's for a continuing window. */
    static double severity(Flagged f) {
        return f.continues() ? f.event().severity() : f.result().severity();
    }

    /**
     * Whether a continuing window completes what this rule's decision on its event's flag left waiting: the window
     * that brings the event to the rule's {@code minConsecutive}. Any other window of the event adds nothing, so an
     * event alerts at most once for what its windows complete. A weak flag's companion is not taken from its event:
     * on NAB's machine_temperature file 11 of its 19 flags were lone weak flags whose next window stayed beyond
     * the band: the event would confirm most of what {@code confirm-below} is there to hold back.
     */
    private static boolean waiting(AlertRule rule, Flagged f, DecisionLedger ledger) {
        String atFlag = ledger.existing(DecisionLedger.eventWindow(f)).get(rule.id());
        if (!Outcome.CONSECUTIVE.label().equals(atFlag)) {
            return false;
        }
        if (f.event().windows() == rule.minConsecutive()) {
            return true;
        }
        // the windows that reached minConsecutive were scored by a version that does not follow events: the first
        // window after them completes it, unless the rule alerted on the event meanwhile (as that version could)
        Instant last = ledger.lastAlert(rule, DecisionLedger.window(f));
        return f.replayed() && f.event().windows() > rule.minConsecutive()
                && (last == null || last.isBefore(f.event().start()));
    }

    /**
     * The facts of a continuing window: its event's severity and side (its own result is the detector's verdict
     * after the flag, 0 once the new level is learned), the event's windows as consecutive ones, and the event
     * itself as the companion a weak flag needs under a rule that also asks for consecutive windows.
     */
    private RuleJudge.Facts continuing(AlertRule rule, Flagged f, Window w, DecisionLedger ledger,
                                       List<Dismissal> dismissed) {
        Instant t = w.start();
        double deviation = f.result().value() - f.event().expected();
        Instant last = rule.snooze().isZero() ? null : ledger.lastAlert(rule, w);
        boolean dismissedNow = dismissed.stream().anyMatch(d -> d.covers(t, deviation, config.feedback().tolerance(),
                config.feedback().timeOfDayMargin()));
        long inHour = ledger.count(rule.id(), Outcome.ALERTED.label(), t.truncatedTo(ChronoUnit.HOURS),
                rule.maxPerHour());
        return new RuleJudge.Facts(t, f.event().severity(), deviation, f.event().windows(), last, dismissedNow,
                inHour, true);
    }

    /** A continuing window as its alert reports it: the event's expected value, band, severity and reason. */
    private static ResultRow asEvent(Flagged f) {
        ResultRow r = f.result();
        OpenEvent e = f.event();
        return new ResultRow(r.seriesId(), r.windowStart(), r.detector(), r.detectorVersion(), r.value(), e.expected(),
                e.lower(), e.upper(), true, e.severity(), r.score(), false, r.runCutoff(), e.reason());
    }

    /** The facts for one rule, counted in the series' data step. */
    private RuleJudge.Facts facts(AlertRule rule, Flagged f, Window w, DecisionLedger ledger,
                                  List<Dismissal> dismissed) {
        Instant t = w.start();
        Duration step = ledger.step(w);
        double deviation = deviation(f);
        int consecutive = 1;
        if (rule.minConsecutive() > 1) {
            consecutive += (int) ledger.anomalous(DecisionLedger.consecutive(rule, w, step));
            // a flag within an event also counts the event's unflagged windows before it (OpenEvent)
            consecutive = Math.max(consecutive, f.event() == null ? 0 : f.event().windows());
        }
        boolean companion = RuleJudge.needsCompanion(rule, f.result().severity())
                && ledger.anomalous(DecisionLedger.companion(rule, w, step)) > 0;
        Instant last = rule.snooze().isZero() ? null : ledger.lastAlert(rule, w);
        // feedback teaches what the detector's judgement should let pass; a rule's own condition is stated, not
        // learned, and is changed in the rule
        boolean dismissedNow = f.reference() == null && dismissed.stream().anyMatch(d -> d.covers(t, deviation,
                config.feedback().tolerance(), config.feedback().timeOfDayMargin()));
        long inHour = ledger.count(rule.id(), Outcome.ALERTED.label(), t.truncatedTo(ChronoUnit.HOURS),
                rule.maxPerHour());
        return new RuleJudge.Facts(t, f.result().severity(), deviation, consecutive, last, dismissedNow, inHour,
                companion);
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
