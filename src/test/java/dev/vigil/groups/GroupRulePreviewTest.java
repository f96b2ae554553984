package dev.vigil.groups;

import static io.restassured.RestAssured.given;
import static dev.vigil.testing.RulePreviews.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.alerting.GroupAlerts;
import dev.vigil.alerting.GroupAlerts.GroupAnomaly;
import dev.vigil.storage.GroupResultStore;
import dev.vigil.storage.GroupResultStore.GroupResult;
import dev.vigil.storage.GroupResultStore.VariableContribution;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import dev.vigil.testing.Db;
import dev.vigil.testing.RulePreviews;
import dev.vigil.testing.Meters;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A group rule's preview decides the group's stored anomalies as {@link GroupAlerts} then decides them for the same
 * rule stored (runs, snooze, the hourly cap), and stores nothing. Real PostgreSQL.
 */
@QuarkusTest
class GroupRulePreviewTest {

    private static final String RULE = """
            {"name": "pairs", "group": "meters", "minConsecutive": 2, "snooze": "PT1H", "maxPerHour": 1}""";
    private static final String PERIOD = "from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z";

    @Inject
    Db db;
    @Inject
    GroupStore groups;
    @Inject
    GroupResultStore results;
    @Inject
    GroupAlerts alerts;

    @Test
    void decidesAsTheGroupAlertsWouldAndStoresNothing() {
        db.reset();
        given().contentType("application/json").body(GroupAlertRulesTest.GROUP).post("/api/v1/admin/groups").then()
                .statusCode(201);
        Meters.post("m1", 0, 3, Integer.MAX_VALUE, 0, 7);
        Meters.post("m2", 0, 3, Integer.MAX_VALUE, 0, 8);
        GroupRule rule = groups.rule("meters").orElseThrow();
        List<Entities.Entity> entities = Entities.of(rule, groups.series(rule.metrics()));
        assertEquals(2, entities.size());
        // m1: anomalous in windows 100 to 104 (one event); m2: 101, 102 and, after a quiet window, 104
        List<GroupAnomaly> anomalies = new ArrayList<>();
        for (int w = 100; w <= 104; w++) {
            anomalies.add(anomaly(rule, entities.get(0), w));
        }
        for (int w : new int[] {101, 102, 104}) {
            anomalies.add(anomaly(rule, entities.get(1), w));
        }
        results.save(anomalies.stream().map(GroupAnomaly::result).toList());

        JsonPath p = preview();
        assertEquals(0, db.count("select count(*) from group_decision"), "a preview stores no decision");
        assertEquals(8, p.getInt("flagged"));
        assertEquals(1, p.getInt("alerts"));
        assertEquals(0, p.getInt("alertsNow"));
        assertEquals(2, p.getInt("subjects"));
        assertEquals("meters{meter=m1}", p.getString("top[0].key"));
        assertEquals(Map.of("consecutive", 3L, "snoozed", 3L, "capped", 1L, "alerted", 1L), outcomes(p));

        given().contentType("application/json").body(RULE).post("/api/v1/alert-rules").then().statusCode(201);
        QuarkusTransaction.requiringNew().run(() -> alerts.queue(anomalies));
        assertEquals(RulePreviews.stored(db, "group_decision"), outcomes(p));
        assertEquals(1, preview().getInt("alertsNow"), "the stored rule's one alert, to compare with");
    }

    @Test
    void onATwiceDailyGroupTheStoredRulesHourOfSnoozeCoversTwoStepsInThePreviewAsInTheRun() {
        db.reset();
        String twiceDaily = GroupAlertRulesTest.GROUP.replace("]}",
                "], \"step\": \"PT12H\", \"trainingSpan\": \"P90D\"}");
        given().contentType("application/json").body(twiceDaily).post("/api/v1/admin/groups").then().statusCode(201);
        Meters.post("m1", 0, 3, Integer.MAX_VALUE, 0, 7);
        GroupRule rule = groups.rule("meters").orElseThrow();
        assertEquals(Duration.ofHours(12), rule.step());
        Entities.Entity m1 = Entities.of(rule, groups.series(rule.metrics())).get(0);
        // one fault in steps 0 and 1, another in step 3: an hour's snooze would alert all three, two steps snooze
        // step 1 only
        List<GroupAnomaly> anomalies = new ArrayList<>();
        for (int step : new int[] {0, 1, 3}) {
            Instant t = Instant.parse("2026-10-01T00:00:00Z").plus(rule.step().multipliedBy(step));
            GroupResult r = new GroupResult("meters", Long.toString(m1.id()), t, "1", true, 2, 0.9, 1,
                    List.of(new VariableContribution("power", 1.0, 10.0, 5.0, List.of())), t);
            anomalies.add(new GroupAnomaly(r, m1.key(), m1.dimensions(), "vigil-pca", 1, rule.step()));
        }
        results.save(anomalies.stream().map(GroupAnomaly::result).toList());
        String daily = """
                {"name": "daily", "group": "meters", "snooze": "PT1H"}""";
        String week = "from=2026-10-01T00:00:00Z&to=2026-10-08T00:00:00Z";
        assertEquals(Map.of("alerted", 2L, "snoozed", 1L), outcomes(RulePreviews.preview(daily, week)));

        given().contentType("application/json").body(daily).post("/api/v1/alert-rules").then().statusCode(201);
        for (GroupAnomaly a : anomalies) {
            QuarkusTransaction.requiringNew().run(() -> alerts.queue(List.of(a)));
        }
        assertEquals(Map.of("alerted", 2L, "snoozed", 1L), RulePreviews.stored(db, "group_decision"));
    }

    private static JsonPath preview() {
        return RulePreviews.preview(RULE, PERIOD);
    }

    private static GroupAnomaly anomaly(GroupRule rule, Entities.Entity e, int window) {
        GroupResult r = new GroupResult("meters", Long.toString(e.id()), Meters.windowStart(window), "1", true, 2, 0.5,
                1, List.of(new VariableContribution("power", 1.0, 10.0, 5.0, List.of())), Meters.windowStart(window));
        return new GroupAnomaly(r, e.key(), e.dimensions(), "vigil-pca", 1, rule.step());
    }
}
