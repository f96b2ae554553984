package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.storage.AlertRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleJudgeTest {

    private static final Instant T = Instant.parse("2026-11-01T10:20:00Z");

    private static AlertRule rule(String direction, int consecutive, Duration snooze, int cap,
                                  List<AlertRule.Maintenance> maintenance) {
        return new AlertRule(1, "r", null, null, Map.of(), 0.6, direction, consecutive, snooze, cap, maintenance, true);
    }

    private static RuleJudge.Facts facts(double severity, double deviation, int consecutive, Instant lastAlert,
                                         boolean dismissed, long inHour) {
        return new RuleJudge.Facts(T, severity, deviation, consecutive, lastAlert, dismissed, inHour);
    }

    @Test
    void eachFilterWithholdsTheAlertWithItsOwnOutcome() {
        AlertRule r = rule("up", 2, Duration.ofHours(1), 3, List.of());
        assertEquals(Outcome.ALERTED, RuleJudge.decide(r, facts(0.7, 5, 2, null, false, 0)));
        assertEquals(Outcome.BELOW_SEVERITY, RuleJudge.decide(r, facts(0.5, 5, 2, null, false, 0)));
        assertEquals(Outcome.DIRECTION, RuleJudge.decide(r, facts(0.7, -5, 2, null, false, 0)));
        assertEquals(Outcome.FEEDBACK, RuleJudge.decide(r, facts(0.7, 5, 2, null, true, 0)));
        assertEquals(Outcome.CONSECUTIVE, RuleJudge.decide(r, facts(0.7, 5, 1, null, false, 0)));
        assertEquals(Outcome.SNOOZED, RuleJudge.decide(r, facts(0.7, 5, 2, T.minusSeconds(3599), false, 0)));
        assertEquals(Outcome.ALERTED, RuleJudge.decide(r, facts(0.7, 5, 2, T.minusSeconds(3600), false, 0)),
                "the snooze is half-open: an hour after the last alert the next may go");
        assertEquals(Outcome.CAPPED, RuleJudge.decide(r, facts(0.7, 5, 2, null, false, 3)));
    }

    @Test
    void maintenanceIsHalfOpenAndWinsOverEverythingButSeverityAndDirection() {
        AlertRule r = rule("both", 1, Duration.ZERO, 100,
                List.of(new AlertRule.Maintenance(T, T.plusSeconds(600), "patching")));
        assertEquals(Outcome.MAINTENANCE, RuleJudge.decide(r, facts(0.9, -5, 1, null, true, 0)));
        assertEquals(Outcome.DIRECTION, RuleJudge.decide(rule("down", 1, Duration.ZERO, 100, r.maintenance()),
                facts(0.9, 5, 1, null, false, 0)));
        AlertRule ended = rule("both", 1, Duration.ZERO, 100,
                List.of(new AlertRule.Maintenance(T.minusSeconds(600), T, "before")));
        assertEquals(Outcome.ALERTED, RuleJudge.decide(ended, facts(0.9, -5, 1, null, false, 0)));
    }

    @Test
    void aWeakAnomalyAlertsOnlyWithACompanionAStrongOneAlone() {
        AlertRule fleet = new AlertRule(0, "default", null, null, Map.of(), 0, "both", 1, Duration.ZERO, 100,
                List.of(), true, 0.6, 24);
        RuleJudge.Facts weakAlone = new RuleJudge.Facts(T, 0.55, 5, 1, null, false, 0, false);
        RuleJudge.Facts weakWithCompanion = new RuleJudge.Facts(T, 0.55, 5, 1, null, false, 0, true);
        assertEquals(Outcome.UNCONFIRMED, RuleJudge.decide(fleet, weakAlone));
        assertEquals(Outcome.ALERTED, RuleJudge.decide(fleet, weakWithCompanion));
        assertEquals(Outcome.ALERTED, RuleJudge.decide(fleet, facts(0.6, 5, 1, null, false, 0)),
                "at confirmBelow the anomaly is strong enough alone");
        assertEquals(Outcome.FEEDBACK, RuleJudge.decide(fleet, new RuleJudge.Facts(T, 0.55, 5, 1, null, true, 0,
                false)), "feedback is checked first");
        assertEquals(Outcome.ALERTED, RuleJudge.decide(rule("both", 1, Duration.ZERO, 100, List.of()),
                new RuleJudge.Facts(T, 0.65, 5, 1, null, false, 0, false)), "a stored rule asks for no companion");
        assertEquals("unconfirmed", Outcome.UNCONFIRMED.label());
    }

    @Test
    void outcomesHaveStableLabels() {
        assertEquals("belowSeverity", Outcome.BELOW_SEVERITY.label());
        assertEquals(Outcome.CAPPED, Outcome.parse("capped"));
        assertEquals(List.of(Outcome.UNCONFIRMED, Outcome.SNOOZED, Outcome.CAPPED, Outcome.ALERTED),
                List.of(Outcome.values()).stream().filter(Outcome::feedsIncidents).toList());
    }

    @Test
    void aRuleCoversSeriesByMetricAndEveryDimensionOfItsFilter() {
        AlertRule r = new AlertRule(1, "north", "voltage", null, Map.of("region", "north"), 0, "both", 1, Duration.ZERO, 1,
                List.of(), true);
        assertEquals(true, r.covers("voltage", Map.of("region", "north", "meter", "m1")));
        assertEquals(false, r.covers("power", Map.of("region", "north")));
        assertEquals(false, r.covers("voltage", Map.of("region", "south")));
        assertEquals(false, r.covers("voltage", Map.of()));
    }
}
