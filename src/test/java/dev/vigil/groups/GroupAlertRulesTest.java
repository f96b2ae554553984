package dev.vigil.groups;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Meters;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group anomalies through the alert rules and into incidents, on the real PostgreSQL: rules scoped to a group and an
 * entity's dimensions decide like series rules (recorded, repeated on re-scoring, maintenance keeps the results), and
 * a meter's group anomaly and its power anomaly are one incident of that meter; a group-only incident takes feedback.
 */
@QuarkusTest
class GroupAlertRulesTest {

    static final String GROUP = "{\"name\":\"meters\",\"metrics\":[\"power\",\"current\",\"voltage\","
            + "\"temperature\"],\"by\":[\"meter\"]}";
    // three days of history: the series detector (vigil-likelihood v3) judges a 5-minute series after three days
    static final int HISTORY = 864;
    static final int FAULT = 878;
    static final int END = 888;

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    GroupTraining training;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void rulesScopedToAGroupDecideItsAnomaliesAndReScoringRepeatsTheDecisions() {
        given().contentType("application/json").body(GROUP).post("/api/v1/admin/groups").then().statusCode(201);
        long loud = rule("{\"name\":\"m1 loud\",\"group\":\"meters\",\"dimensions\":{\"meter\":\"m1\"},"
                + "\"snooze\":\"PT0S\"}");
        long works = rule("{\"name\":\"m2 works\",\"group\":\"meters\",\"dimensions\":{\"meter\":\"m2\"},"
                + "\"maintenance\":[{\"from\":\"" + Meters.windowStart(HISTORY) + "\",\"to\":\""
                + Meters.windowStart(END) + "\",\"comment\":\"rewiring\"}]}");
        given().contentType("application/json").body("{\"name\":\"x\",\"group\":\"meters\",\"metric\":\"power\"}")
                .post("/api/v1/alert-rules").then().statusCode(400).body("code", equalTo("InvalidRule"))
                .body("field", equalTo("group"));
        given().get("/api/v1/alert-rules/" + loud).then().statusCode(200).body("group", equalTo("meters"));
        rule("{\"name\":\"series muted\",\"minSeverity\":1}"); // covers every series, none of the entities

        Meters.post("m1", 0, HISTORY, Integer.MAX_VALUE, 0, 7);
        Meters.post("m2", 0, HISTORY, Integer.MAX_VALUE, 0, 8);
        training.trainNew(Meters.windowStart(HISTORY));
        Meters.post("m1", HISTORY, END, FAULT, 2.0, 7);
        Meters.post("m2", HISTORY, END, FAULT, 2.0, 8);
        run.run(runAt(END));

        long m1 = anomalies("m1");
        long m2 = anomalies("m2");
        assertTrue(m1 > 0 && m2 > 0, "both faults are group anomalies");
        assertEquals(m1, decided(loud, "alerted"), "every m1 anomaly alerted (snooze off), by its group rule only");
        assertEquals(m2, decided(works, "maintenance"), "m2's anomalies fall in its maintenance: results kept");
        assertEquals(0, db.count("select count(*) from group_decision where rule_id = 0"),
                "the default rule covers no entity a group rule covers");
        assertEquals(m1, groupEvents(), "one event per alerted window, none of the maintenance");
        assertEquals(0, db.count("select count(*) from alert_outbox where payload->>'type' = ?",
                "dev.vigil.anomaly.detected.v1"), "the series rule mutes the series, not the group");
        Map<String, Object> incident = given().get("/api/v1/incidents").then().statusCode(200).extract().jsonPath()
                .getMap("[0]");
        assertEquals(Map.of("meter", "m1"), incident.get("scope"));
        assertEquals(0, incident.get("seriesCount"));
        // an incident of group anomalies only takes feedback on its entity (one row, no series)
        given().contentType("application/json").body("{\"incidentId\":\"" + incident.get("id")
                + "\",\"kind\":\"notAnomaly\"}").post("/api/v1/feedback").then().statusCode(201)
                .body("size()", equalTo(1)).body("[0].group", equalTo("meters"))
                .body("[0].seriesKey", equalTo("meters{meter=m1}")).body("[0].seriesId", nullValue())
                .body("[0].incidentId", equalTo(incident.get("id")));
        assertEquals(1, db.count("select count(*) from feedback where pattern_max_score > 0 "
                + "and 'power' = any(pattern_contributors)"), "the pattern holds the fault's top contributor");
        // given again, the stored row answers: no second row
        given().contentType("application/json").body("{\"incidentId\":\"" + incident.get("id")
                + "\",\"kind\":\"notAnomaly\"}").post("/api/v1/feedback").then().statusCode(200)
                .body("size()", equalTo(1));
        assertEquals(1, db.count("select count(*) from feedback"));
        assertEquals(List.of("m1 loud"), JsonPath.from(db.rows("select payload::text p from alert_outbox where "
                + "payload->>'type' = 'dev.vigil.group.anomaly.detected.v1'").get(0).get("p").toString())
                .getList("data.rules"));

        // a late reading re-scores the fault window: its decisions are repeated, nothing new is queued
        long decisions = db.count("select count(*) from group_decision");
        given().contentType("application/json").body("[{\"metric\":\"power\",\"dimensions\":{\"meter\":\"m1\"},"
                + "\"timestamp\":\"" + Meters.windowStart(FAULT).plusSeconds(200) + "\",\"value\":4.5}]")
                .post("/readings").then().statusCode(200);
        run.run(runAt(END + 1));
        assertEquals(decisions, db.count("select count(*) from group_decision"));
        assertEquals(m1, groupEvents());
    }

    @Test
    void aMetersGroupAnomalyAndItsPowerAnomalyAreOneIncidentOfThatMeter() {
        given().contentType("application/json").body(GROUP).post("/api/v1/admin/groups").then().statusCode(201);
        Meters.post("m1", 0, HISTORY, Integer.MAX_VALUE, 0, 7);
        training.trainNew(Meters.windowStart(HISTORY));
        // 3 kW (10 noise sds): the series detector must alert on power alone. At 2.5 kW v5 scores the onset 4.26
        // (v4 5.01), severity 0.587, below the quiet default's 0.6, and a lone flag there waits for a companion
        Meters.post("m1", HISTORY, END, FAULT, 3.0, 7);
        run.run(runAt(END));

        assertTrue(db.count("select count(*) from group_decision where outcome = 'alerted'") > 0);
        assertTrue(db.count("select count(*) from alert_decision d join series s on s.id = d.series_id "
                + "where s.metric = 'power' and d.outcome = 'alerted'") > 0, "power alone is flagged too");
        List<Map<String, Object>> all = given().get("/api/v1/incidents").then().statusCode(200).extract()
                .jsonPath().getList("$");
        assertEquals(1, all.size(), "one incident: " + all);
        Map<String, Object> incident = all.get(0);
        assertEquals(Map.of("meter", "m1"), incident.get("scope"));
        assertTrue((Integer) incident.get("groupAnomalyCount") > 0);
        assertTrue((Integer) incident.get("seriesCount") > 0);
        JsonPath detail = given().get("/api/v1/incidents/" + incident.get("id")).then().statusCode(200).extract()
                .jsonPath();
        assertTrue(detail.getList("timeline.findAll { it.group == 'meters' }").size() > 0);
        assertEquals("m1", detail.getString("incident.rootCause.dimensions.find { it.key == 'meter' }.value"));
    }

    @Test
    void aRuleNamesAGroupThatExistsAndAGroupWithRulesIsNotDeleted() {
        given().contentType("application/json").body("{\"name\":\"loud\",\"group\":\"meterz\"}")
                .post("/api/v1/alert-rules").then().statusCode(400).body("code", equalTo("InvalidRule"))
                .body("field", equalTo("group")).body("message", equalTo("no group is named 'meterz' (GET "
                        + "/api/v1/groups lists them)"));
        given().contentType("application/json").body(GROUP).post("/api/v1/admin/groups").then().statusCode(201);
        long loud = rule("{\"name\":\"loud\",\"group\":\"meters\"}");
        long quiet = rule("{\"name\":\"quiet\",\"metric\":\"power\"}");
        given().contentType("application/json").body("{\"name\":\"quiet\",\"group\":\"meterz\"}")
                .put("/api/v1/alert-rules/" + quiet).then().statusCode(400).body("field", equalTo("group"));

        given().delete("/api/v1/admin/groups/meters").then().statusCode(409).body("code", equalTo("GroupInUse"))
                .body("field", equalTo("name")).body("message", equalTo("group meters cannot be deleted while alert "
                        + "rules are scoped to it: loud; change or delete those rules first"));
        given().get("/api/v1/admin/groups/meters").then().statusCode(200);
        given().delete("/api/v1/alert-rules/" + loud).then().statusCode(204);
        given().delete("/api/v1/admin/groups/meters").then().statusCode(204);
        given().get("/api/v1/admin/groups/meters").then().statusCode(404);
        assertEquals(1, db.count("select count(*) from alert_rule"), "only the series rule is left");
    }

    private long rule(String body) {
        return given().contentType("application/json").body(body).post("/api/v1/alert-rules").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    private long anomalies(String meter) {
        return db.count("select count(*) from group_result where is_anomaly and entity_id = ?",
                dev.vigil.aggregation.SeriesKey.of("meters", Map.of("meter", meter)).id());
    }

    private long decided(long rule, String outcome) {
        return db.count("select count(*) from group_decision where rule_id = ? and outcome = ?", rule, outcome);
    }

    private long groupEvents() {
        return db.count("select count(*) from alert_outbox where payload->>'type' = ?",
                "dev.vigil.group.anomaly.detected.v1");
    }

    static java.time.Instant runAt(int window) {
        return Meters.windowStart(window).plus(Duration.ofMinutes(3));
    }
}
