package dev.vigil.alerting;

import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DecisionStore.Decision;
import dev.vigil.storage.DecisionStore.Window;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.ScoringStore.OpenEvent;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private final RuleCoverage coverage;
    private final RuleDecisions decisions;
    private final AlertEvents events;
    private final AlertConfig config;

    public AlertGate(RuleCoverage coverage, RuleDecisions decisions, AlertEvents events, AlertConfig config) {
        this.coverage = coverage;
        this.decisions = decisions;
        this.events = events;
        this.config = config;
    }

    /**
     * Decides, stores the decisions and returns the events to publish. Call after the chunk's results are saved,
     * in the same transaction.
     */
    public List<OutboxRow> decide(List<Flagged> flagged, Duration size) {
        if (flagged.isEmpty()) {
            return List.of();
        }
        Map<Flagged, List<AlertRule>> covering = coverage.covering(flagged);
        if (covering.isEmpty()) {
            return List.of();
        }
        TreeSet<Long> ruleIds = new TreeSet<>();
        covering.values().forEach(mine -> mine.forEach(r -> ruleIds.add(r.id())));
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
                out.add(events.toAlert(f, size, alerted));
            }
        }
        ledger.flush();
        return out;
    }

    /** The severity a decision on this window is stored with: its event's for a continuing window. */
    static double severity(Flagged f) {
        return f.continues() ? f.event().severity() : f.result().severity();
    }
}
