package dev.vigil.alerting;

import dev.vigil.storage.AlertRule;
import java.time.Instant;

/**
 * One rule's decision on one anomalous window, from facts the caller gathered from stored data only (so a re-run
 * over the same data decides the same). Checks in this order: severity, direction, maintenance, feedback,
 * confirmation of a weak anomaly, consecutive windows, snooze, hourly cap. Plain logic, no state; thread-safe.
 */
final class RuleJudge {

    /**
     * The facts about one anomalous window.
     *
     * @param deviation     value minus expected value (NaN when unknown: then only {@code both} lets it through)
     * @param consecutive   anomalous windows of the series ending with this one (this one included)
     * @param lastAlert     the window of the rule's previous alert on this series, or null
     * @param dismissed     whether notAnomaly feedback on the series covers this deviation
     * @param alertsInHour  alerts the rule already sent for windows of this window's hour
     * @param companion     whether the series (or entity) was anomalous in the rule's {@code confirmWindows} windows
     *                      before this one (only asked when the severity is below {@code confirmBelow})
     */
    record Facts(Instant windowStart, double severity, double deviation, int consecutive, Instant lastAlert,
                 boolean dismissed, long alertsInHour, boolean companion) {

        Facts(Instant windowStart, double severity, double deviation, int consecutive, Instant lastAlert,
              boolean dismissed, long alertsInHour) {
            this(windowStart, severity, deviation, consecutive, lastAlert, dismissed, alertsInHour, false);
        }
    }

    /** Whether the rule needs a companion for an anomaly of this severity (so the caller knows to look for one). */
    static boolean needsCompanion(AlertRule rule, double severity) {
        return severity < rule.confirmBelow();
    }

    private RuleJudge() {
    }

    static Outcome decide(AlertRule rule, Facts f) {
        if (f.severity() < rule.minSeverity()) {
            return Outcome.BELOW_SEVERITY;
        }
        if (("up".equals(rule.direction()) && !(f.deviation() > 0))
                || ("down".equals(rule.direction()) && !(f.deviation() < 0))) {
            return Outcome.DIRECTION;
        }
        if (rule.inMaintenance(f.windowStart())) {
            return Outcome.MAINTENANCE;
        }
        if (f.dismissed()) {
            return Outcome.FEEDBACK;
        }
        if (needsCompanion(rule, f.severity()) && !f.companion()) {
            return Outcome.UNCONFIRMED;
        }
        if (f.consecutive() < rule.minConsecutive()) {
            return Outcome.CONSECUTIVE;
        }
        if (f.lastAlert() != null && f.windowStart().isBefore(f.lastAlert().plus(rule.snooze()))) {
            return Outcome.SNOOZED;
        }
        if (f.alertsInHour() >= rule.maxPerHour()) {
            return Outcome.CAPPED;
        }
        return Outcome.ALERTED;
    }
}
