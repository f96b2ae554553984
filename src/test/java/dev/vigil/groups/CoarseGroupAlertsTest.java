package dev.vigil.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.alerting.GroupAlerts;
import dev.vigil.alerting.GroupAlerts.GroupAnomaly;
import dev.vigil.storage.GroupResultStore.GroupResult;
import dev.vigil.storage.GroupResultStore.VariableContribution;
import dev.vigil.testing.Db;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default rule on a coarse group follows the group's step, as on a coarse series (README "Coarse series"): a
 * daily group's anomaly on the day after an alert is snoozed (at least two steps), where the 5-minute default's hour
 * of snooze let every day of one fault alert; an hourly group keeps the configured snooze.
 */
@QuarkusTest
class CoarseGroupAlertsTest {

    private static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");

    @Inject
    Db db;
    @Inject
    GroupAlerts alerts;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static GroupAnomaly anomaly(String group, Instant window, Duration step) {
        GroupResult r = new GroupResult(group, "42", window, "00000000-0000-0000-0000-000000000001", true, 9.0, 0.9, 0,
                List.of(new VariableContribution("power", 1.0, 9.0, 3.0, List.of())), window.plus(step));
        return new GroupAnomaly(r, group + "{meter=m42}", Map.of("meter", "m42"), "vigil-pca", 1, step);
    }

    private String outcome(String group, Instant window) {
        return db.strings("select outcome from group_decision where group_name = ? and window_start = ? "
                + "and rule_id = 0", group, java.sql.Timestamp.from(window)).get(0);
    }

    @Test
    void aDailyGroupsNextDayOfTheSameFaultIsSnoozedByTheDefaultRule() {
        Duration day = Duration.ofDays(1);
        // one scoring pass per day, as the scorer decides each day once it has closed
        for (int d : new int[] {0, 1, 3}) {
            QuarkusTransaction.requiringNew().run(() -> alerts.queue(List.of(
                    anomaly("daily", DAY.plus(day.multipliedBy(d)), day))));
        }
        assertEquals("alerted", outcome("daily", DAY));
        assertEquals("snoozed", outcome("daily", DAY.plus(day)), "two days of snooze at a daily step, not an hour");
        assertEquals("alerted", outcome("daily", DAY.plus(day.multipliedBy(3))), "the snooze is two steps, no more");
        assertEquals(2, db.count("select count(*) from alert_outbox where payload->>'type' = ?", GroupAlerts.TYPE));
        assertEquals(86_400, db.count("select max(step_seconds) from group_decision where group_name = 'daily'"),
                "incidents read the group's step from its decisions");
    }

    @Test
    void anHourlyGroupKeepsTheConfiguredSnooze() {
        Duration hour = Duration.ofHours(1);
        for (int h : new int[] {0, 2}) {
            QuarkusTransaction.requiringNew().run(() -> alerts.queue(List.of(
                    anomaly("hourly", DAY.plus(hour.multipliedBy(h)), hour))));
        }
        assertEquals("alerted", outcome("hourly", DAY));
        assertEquals("alerted", outcome("hourly", DAY.plus(hour.multipliedBy(2))));
    }
}
