package dev.vigil.alerting;

import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DecisionStore;
import dev.vigil.storage.DecisionStore.Window;
import dev.vigil.storage.FeedbackStore;
import dev.vigil.storage.FeedbackStore.Dismissal;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Decides flagged windows under rules from what is stored: the decisions already taken ({@link DecisionLedger}) and
 * the series' notAnomaly feedback. The detection run ({@link AlertGate}) and a rule's preview ({@link RulePreview})
 * decide through here, so both judge on the same facts and neither holds a store per fact.
 */
@ApplicationScoped
class RuleDecisions {

    private final DecisionStore decisions;
    private final FeedbackStore feedback;
    private final AlertConfig config;
    private final DetectionConfig detection;

    RuleDecisions(DecisionStore decisions, FeedbackStore feedback, AlertConfig config, DetectionConfig detection) {
        this.decisions = decisions;
        this.feedback = feedback;
        this.config = config;
        this.detection = detection;
    }

    /** Takes the rules' advisory locks, which keep other deciders out of their decisions until the transaction ends. */
    void lockRules(List<Long> ruleIds) {
        decisions.lockRules(ruleIds);
    }

    /** Reads what deciding {@code covering} (each flagged window with the rules that cover it, in order) will ask. */
    Deciding open(Map<Flagged, List<AlertRule>> covering, Duration size) {
        Map<Long, List<Dismissal>> dismissals = feedback.dismissals(
                covering.keySet().stream().map(f -> f.window().seriesId()).distinct().toList());
        return new Deciding(DecisionLedger.load(decisions, covering, size, detection.coarseStep()), dismissals, config);
    }

    /** One chunk's (or one preview's) deciding: its ledger, which records the decisions, and its series' feedback. */
    static final class Deciding {

        private final DecisionLedger ledger;
        private final Map<Long, List<Dismissal>> dismissals;
        private final AlertConfig config;

        private Deciding(DecisionLedger ledger, Map<Long, List<Dismissal>> dismissals, AlertConfig config) {
            this.ledger = ledger;
            this.dismissals = dismissals;
            this.config = config;
        }

        DecisionLedger ledger() {
            return ledger;
        }

        /**
         * What one rule decides for one window, from the ledger's facts, without recording it; null for a continuing
         * window that completes nothing the rule's decision on its event's flag left waiting (it is not decided).
         */
        Outcome judge(AlertRule stated, Flagged f, Window w) {
            AlertRule rule = ledger.fitted(stated, w);
            List<Dismissal> dismissed = dismissals.getOrDefault(w.seriesId(), List.of());
            if (f.continues()) {
                return waiting(rule, f, ledger) ? RuleJudge.decide(rule, continuing(rule, f, w, ledger, dismissed))
                        : null;
            }
            return RuleJudge.decide(rule, facts(rule, f, w, ledger, dismissed));
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
            boolean dismissedNow = dismissed.stream().anyMatch(d -> d.covers(t, deviation,
                    config.feedback().tolerance(), config.feedback().timeOfDayMargin()));
            long inHour = ledger.count(rule.id(), Outcome.ALERTED.label(), t.truncatedTo(ChronoUnit.HOURS),
                    rule.maxPerHour());
            return new RuleJudge.Facts(t, f.event().severity(), deviation, f.event().windows(), last, dismissedNow,
                    inHour, true);
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
    }

    /**
     * The value minus its expected value; for a window a rule's condition flagged, minus the value it was judged
     * against, so a rule's direction reads the side of the breach (the expected value is unknown while the detector
     * warms up).
     */
    private static double deviation(Flagged f) {
        return f.result().value() - (f.reference() != null ? f.reference() : f.result().expected());
    }
}
