package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.storage.AlertRule;
import dev.vigil.storage.DecisionStore;
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

    @Test
    void theDefaultRuleOnDailyDataSnoozesTheNextDayAndLooksTwoDaysBackForACompanion() {
        Duration day = Duration.ofDays(1);
        Duration coarse = Duration.ofHours(12);
        AlertRule stated = new AlertRule(0, AlertRule.DEFAULT_NAME, null, null, Map.of(), 0.5, "both", 1,
                Duration.ofHours(1), 10, List.of(), true, 0.6, 24);
        AlertRule daily = DecisionLedger.fitted(stated, day, coarse);
        // a snooze of an hour never holds back a flag a day after the last alert; two days do
        assertEquals(Outcome.ALERTED, RuleJudge.decide(stated, facts(0.9, 5, 1, T.minus(day), false, 0)));
        assertEquals(Outcome.SNOOZED, RuleJudge.decide(daily, facts(0.9, 5, 1, T.minus(day), false, 0)));
        assertEquals(Outcome.ALERTED, RuleJudge.decide(daily, facts(0.9, 5, 1, T.minus(day.multipliedBy(2)), false,
                0)));
        // a weak flag's companion is looked for in the two days before it, not in 24
        DecisionStore.Window w = new DecisionStore.Window(1, T, "vigil-batch");
        assertEquals(T.minus(day.multipliedBy(2)), DecisionLedger.companion(daily, w, day).from());
        assertEquals(T.minus(day.multipliedBy(24)), DecisionLedger.companion(stated, w, day).from());
        // 5-minute data keeps what the rule says
        assertEquals(stated, DecisionLedger.fitted(stated, Duration.ofMinutes(5), coarse));
        // a stored rule's snooze of an hour (its default when left out) holds back the next day too; its look-back
        // stays, and a snooze of zero stays none
        AlertRule stored = new AlertRule(3, "kpi", null, null, Map.of(), 0.5, "both", 1, Duration.ofHours(1), 10,
                List.of(), true, 0.6, 24);
        AlertRule storedDaily = DecisionLedger.fitted(stored, day, coarse);
        assertEquals(day.multipliedBy(2), storedDaily.snooze());
        assertEquals(24, storedDaily.confirmWindows());
        assertEquals(Outcome.SNOOZED, RuleJudge.decide(storedDaily, facts(0.9, 5, 1, T.minus(day), false, 0)));
        assertEquals(stored, DecisionLedger.fitted(stored, Duration.ofMinutes(5), coarse));
        AlertRule never = stored.withQuiet(Duration.ZERO, 24);
        assertEquals(never, DecisionLedger.fitted(never, day, coarse));
        AlertRule longer = stated.withQuiet(Duration.ofDays(7), 1);
        assertEquals(longer, DecisionLedger.fitted(longer, day, coarse), "a longer snooze and look-back stay");
    }
}
