package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rules scoped by metric and dimensions, maintenance, the hourly cap with its summary, on real PostgreSQL. */
@QuarkusTest
class AlertRulesTest {

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static void meter(String meter, String region, int spikeAt) {
        Random r = new Random(meter.hashCode());
        Readings.post("voltage", Map.of("meter", meter, "region", region), 0, spikeAt + 1,
                i -> i == spikeAt ? 300 : 230 + r.nextDouble() - 0.5);
    }

    /** Decisions on the spike window (the noise before it may raise a false alarm of its own now and then). */
    private long outcomes(String outcome) {
        return db.count("select count(*) from alert_decision where outcome = ? and window_start = ?::timestamptz",
                outcome, Series.windowStart(1200).toString());
    }

    @Test
    void rulesDecideByScopeMaintenanceAndCapAndReScoringRepeatsThem() {
        String window = Series.windowStart(1200).toString();
        given().contentType("application/json").body("""
                {"name": "north", "metric": "voltage", "dimensions": {"region": "north"}, "maxPerHour": 2,
                 "snooze": "PT0S"}""").post("/api/v1/alert-rules").then().statusCode(201)
                .body("direction", equalTo("both")).body("minConsecutive", equalTo(1));
        given().contentType("application/json").body("""
                {"name": "south", "dimensions": {"region": "south"}, "maintenance": [{"from": "%s",
                 "to": "%s", "comment": "feeder works"}]}""".formatted(window, Series.windowStart(1201)))
                .post("/api/v1/alert-rules").then().statusCode(201);
        for (int m = 0; m < 4; m++) {
            meter("n" + m, "north", 1200);
        }
        meter("s0", "south", 1200);
        meter("s1", "south", 1200);
        Random r = new Random(3);
        Readings.post("power", Map.of("meter", "x"), 0, 1201, i -> i == 1200 ? 90 : 10 + 0.1 * r.nextDouble());

        int flagged = run.run(Series.nowAfter(1201)).anomalies();
        assertTrue(flagged >= 7, "every spike is flagged: " + flagged);
        assertEquals(7, db.count("select count(*) from anomaly_result where is_anomaly and window_start = ?::timestamptz",
                window));
        assertEquals(2, db.count("select count(*) from alert_decision d join alert_rule r on r.id = d.rule_id "
                + "where r.name = 'north' and outcome = 'alerted' and window_start = ?::timestamptz", window));
        assertEquals(2, outcomes("capped"));
        assertEquals(2, outcomes("maintenance"));
        assertEquals(2, db.count("select count(*) from anomaly_result r join series s on s.id = r.series_id "
                + "where s.dimensions->>'region' = 'south' and r.is_anomaly and r.window_start = ?::timestamptz", window),
                "maintenance keeps the results");
        assertEquals(1, db.count("select count(*) from alert_decision where rule_id = 0 and outcome = 'alerted'"),
                "a series no rule covers gets the default rule");
        assertEquals(3, db.count("select count(*) from alert_outbox where payload->>'type' = ? "
                + "and payload->'data'->>'windowStart' = ?", AlertEvents.TYPE, window));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = ? "
                + "and payload->'data'->>'firstWithheldWindow' = ?", AlertEvents.CAPPED_TYPE, window),
                "one summary when the cap bites");
        long sent = db.count("select count(*) from alert_outbox");

        // a late reading revises every north window: re-scoring repeats the stored decisions, sends nothing new
        for (int m = 0; m < 4; m++) {
            Readings.post("voltage", Map.of("meter", "n" + m, "region", "north"), 1200, 1201, i -> 310);
        }
        assertEquals(4, run.run(Series.nowAfter(1201).plusSeconds(900)).windowsScored());
        assertEquals(2, outcomes("capped"));
        assertEquals(3, outcomes("alerted"));
        assertEquals(sent, db.count("select count(*) from alert_outbox"));
    }

    /** A nightly job's window recurs every day: its hour's flags do not alert; another hour's do. */
    @Test
    void aRecurringMaintenanceWindowHoldsTheAlertsOfItsHourEveryDay() {
        java.time.LocalTime at = Series.windowStart(1200).atZone(java.time.ZoneOffset.UTC).toLocalTime();
        java.time.format.DateTimeFormatter hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
        String recurring = "{\"name\": \"%s\", \"dimensions\": {\"region\": \"%s\"}, \"maintenance\": [{\"every\": \"day\", "
                + "\"start\": \"%s\", \"end\": \"%s\", \"timeZone\": \"UTC\", \"comment\": \"nightly job\"}]}";
        given().contentType("application/json").body(recurring.formatted("south", "south", at.format(hhmm),
                at.plusMinutes(5).format(hhmm))).post("/api/v1/alert-rules").then().statusCode(201)
                .body("maintenance[0].every", equalTo("day")).body("maintenance[0].comment", equalTo("nightly job"));
        given().contentType("application/json").body(recurring.formatted("west", "west", at.plusHours(1).format(hhmm),
                at.plusHours(2).format(hhmm))).post("/api/v1/alert-rules").then().statusCode(201);
        meter("s0", "south", 1200);
        meter("s1", "south", 1200);
        meter("w0", "west", 1200);
        run.run(Series.nowAfter(1201));
        assertEquals(2, outcomes("maintenance"), "the window of every day holds the south meters' alerts");
        assertEquals(1, db.count("select count(*) from alert_decision d join alert_rule r on r.id = d.rule_id "
                + "where r.name = 'west' and outcome = 'alerted' and window_start = ?::timestamptz",
                Series.windowStart(1200).toString()), "an hour later it is another rule's hour");
    }

    @Test
    void badRulesAreRefusedNamingTheField() {
        given().contentType("application/json").body("{\"name\":\"a\",\"direction\":\"sideways\"}")
                .post("/api/v1/alert-rules").then().statusCode(400).body("code", equalTo("InvalidRule"))
                .body("field", equalTo("direction"));
        given().contentType("application/json").body("{\"name\":\"a\",\"snooze\":\"1h\"}")
                .post("/api/v1/alert-rules").then().statusCode(400).body("field", equalTo("snooze"));
        given().contentType("application/json").body("{\"name\":\"a\",\"minSeverity\":2}")
                .post("/api/v1/alert-rules").then().statusCode(400).body("field", equalTo("minSeverity"));
        given().contentType("application/json").body("{\"name\":\"a\",\"maintenance\":[{\"from\":\"2026-01-02T00:00:00Z\","
                + "\"to\":\"2026-01-01T00:00:00Z\"}]}").post("/api/v1/alert-rules").then().statusCode(400)
                .body("field", equalTo("maintenance[0].to"));
        given().contentType("application/json").body("{\"name\":\"a\",\"maintenance\":[{\"from\":\"+300000-01-01T00:00:00Z\","
                + "\"to\":\"+300001-01-01T00:00:00Z\"}]}").post("/api/v1/alert-rules").then().statusCode(400)
                .body("field", equalTo("maintenance[0].from"));
        given().contentType("application/json").body("{\"metric\":\"x\"}").post("/api/v1/alert-rules").then()
                .statusCode(400).body("field", equalTo("name"));
        given().contentType("application/json").body("{\"name\":").post("/api/v1/alert-rules").then()
                .statusCode(400).body("code", equalTo("MalformedJson"));
        assertEquals(0, db.count("select count(*) from alert_rule"), "nothing half-stored");

        String id = given().contentType("application/json").body("{\"name\":\"a\"}").post("/api/v1/alert-rules")
                .then().statusCode(201).body("snooze", equalTo("PT1H")).extract().path("id").toString();
        given().contentType("application/json").body("{\"name\":\"a\"}").post("/api/v1/alert-rules").then()
                .statusCode(409).body("code", equalTo("NameTaken"));
        given().contentType("application/json").body("{\"name\":\"b\",\"enabled\":false}")
                .put("/api/v1/alert-rules/" + id).then().statusCode(200).body("enabled", equalTo(false));
        given().get("/api/v1/alert-rules").then().statusCode(200).body("[0].name", equalTo("b"));
        // a misspelt field would leave the default in silence: refused, naming it; a rule as read is taken back
        given().contentType("application/json").body("{\"name\":\"b\",\"minSeverty\":0.9}")
                .put("/api/v1/alert-rules/" + id).then().statusCode(400).body("code", equalTo("InvalidRule"))
                .body("field", equalTo("minSeverty"));
        String read = given().get("/api/v1/alert-rules/" + id).then().statusCode(200).extract().asString();
        given().contentType("application/json").body(read).put("/api/v1/alert-rules/" + id).then().statusCode(200)
                .body("name", equalTo("b"));
        // a span sent in days comes back in days, not as java.time's hours
        given().contentType("application/json").body("{\"name\":\"b\",\"snooze\":\"P1D\",\"silence\":\"P2D\","
                + "\"change\":{\"percent\":20,\"ago\":\"P7D\"}}").put("/api/v1/alert-rules/" + id).then()
                .statusCode(200).body("snooze", equalTo("P1D")).body("silence", equalTo("P2D"))
                .body("change.ago", equalTo("P7D"));
        given().get("/api/v1/alert-rules/default").then().statusCode(200).body("maxPerHour", equalTo(100));
        given().delete("/api/v1/alert-rules/" + id).then().statusCode(204);
        given().delete("/api/v1/alert-rules/" + id).then().statusCode(404);
        given().get("/api/v1/alert-rules/x").then().statusCode(400).body("field", equalTo("id"));
    }
}
