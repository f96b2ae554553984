package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import dev.vigil.testing.RulePreviews;
import dev.vigil.testing.Rules;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule's fixed limits flag every window beyond them, also while the detector warms up, with reason {@code limit};
 * the rule's direction reads the side of the limit; its preview counts the windows beyond them; bad limits are
 * refused naming the field. Real PostgreSQL.
 */
@QuarkusTest
public class LimitsTest {

    static final int END = 60;

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static Map<String, String> meter(String m) {
        return Map.of("meter", m);
    }

    private long flagged(String seriesKey, int window, String reason) {
        return db.count("select count(*) from anomaly_result r join series s on s.id = r.series_id "
                + "where s.series_key = ? and r.window_start = ?::timestamptz and r.is_anomaly and r.reason = ? "
                + "and r.severity = 1 and not r.warming_up", seriesKey, Series.windowStart(window).toString(), reason);
    }

    @Test
    void windowsBeyondARulesLimitsAreFlaggedFromTheFirstWindowAndAlertOnTheirSide() {
        long id = Rules.create("""
                {"name": "statutory", "metric": "voltage", "limits": {"lower": 207, "upper": 253}, "snooze": "PT0S"}""");
        Rules.create("""
                {"name": "overcurrent", "metric": "current", "limits": {"upper": 60}, "snooze": "PT0S"}""");
        Rules.create("""
                {"name": "undervoltage", "metric": "voltage", "limits": {"lower": 207}, "direction": "down",
                 "snooze": "PT0S"}""");
        given().get("/api/v1/alert-rules/" + id).then().statusCode(200)
                .body("limits.lower", equalTo(207.0f)).body("limits.upper", equalTo(253.0f));
        // the detector is still warming up on all of these: only the limits can flag
        Readings.post("voltage", meter("m1"), 0, END, i -> i == 3 ? 260 : i == 40 ? 200 : 230 + (i % 3));
        Readings.post("voltage", meter("m2"), 0, END, i -> i == 10 ? 250 : 230 + (i % 3));
        Readings.post("power", meter("m1"), 0, END, i -> i == 5 ? 300 : 3 + (i % 2));
        Readings.post("current", meter("m1"), 0, END, i -> i == 7 ? 61 : 13 + (i % 2));
        run.run(Series.nowAfter(END));

        assertEquals(1, flagged("voltage{meter=m1}", 3, "limit"));
        assertEquals(1, flagged("voltage{meter=m1}", 40, "limit"));
        assertEquals(1, flagged("current{meter=m1}", 7, "limit"), "an upper limit alone");
        assertEquals(3, db.count("select count(*) from anomaly_result where is_anomaly"),
                "inside the limits (m2's 250) and on a metric no limit covers nothing is flagged");
        // above the upper limit: "statutory" alerts; "undervoltage" (down only) reads the side of the limit broken,
        // above, and does not
        assertEquals(1, Rules.decided(db, "statutory", 3, "alerted"));
        assertEquals(1, Rules.decided(db, "undervoltage", 3, "direction"));
        // below the lower limit: both alert, one event naming both
        assertEquals(1, Rules.decided(db, "statutory", 40, "alerted"));
        assertEquals(1, Rules.decided(db, "undervoltage", 40, "alerted"));
        assertEquals(3, db.count("select count(*) from alert_outbox where payload->>'type' = ?", AlertEvents.TYPE));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = ? "
                + "and payload->'data'->>'windowStart' = ? and payload->'data'->>'reason' = 'limit' "
                + "and jsonb_array_length(payload->'data'->'rules') = 2", AlertEvents.TYPE,
                Series.windowStart(40).toString()));
        // the detector had no expected value or band while warming up: the events carry null, not the text "NaN"
        assertEquals(3, db.count("select count(*) from alert_outbox where payload->>'type' = ? and jsonb_typeof("
                + "payload->'data'->'expected') = 'null' and jsonb_typeof(payload->'data'->'lower') = 'null' and "
                + "jsonb_typeof(payload->'data'->'upper') = 'null'", AlertEvents.TYPE));

        // the chart draws the limits the rules set now, and says why the window was flagged
        long m1 = db.count("select id from series where series_key = 'voltage{meter=m1}'");
        given().get("/api/v1/series/" + m1 + "/chart?from=" + Series.windowStart(0) + "&to=" + Series.windowStart(END))
                .then().statusCode(200).body("limits.lower", equalTo(207.0f)).body("limits.upper", equalTo(253.0f))
                .body("points.find { it.start == '" + Series.windowStart(40) + "' }.reason", equalTo("limit"));
        long power = db.count("select id from series where metric = 'power'");
        given().get("/api/v1/series/" + power + "/chart").then().statusCode(200)
                .body("limits", org.hamcrest.Matchers.nullValue());

        // a late reading brings window 40 back inside the limits (mean of 200 and 260): re-scored, it is no longer
        // flagged, though the detector was still warming up then
        given().contentType("application/json").body("[{\"metric\": \"voltage\", \"dimensions\": {\"meter\": \"m1\"}, "
                + "\"timestamp\": \"" + Series.windowStart(40).plusSeconds(200) + "\", \"value\": 260}]")
                .post("/readings").then().statusCode(200);
        run.run(Series.nowAfter(END + 1));
        assertEquals(0, flagged("voltage{meter=m1}", 40, "limit"));
        assertEquals(0, db.count("select count(*) from anomaly_result r join series s on s.id = r.series_id "
                + "where s.series_key = 'voltage{meter=m1}' and r.window_start = ?::timestamptz and r.is_anomaly",
                Series.windowStart(40).toString()));

        // what a stricter rule would have flagged: the windows of the period beyond its limit
        JsonPath p = RulePreviews.preview("""
                {"name": "try", "metric": "voltage", "limits": {"upper": 245}, "snooze": "PT0S"}""",
                "from=" + Series.windowStart(0) + "&to=" + Series.windowStart(END));
        assertEquals(2, p.getInt("flagged"), "m1's 260 and m2's 250 (m1's window 40 is 230 now): " + p.prettify());
        assertEquals(Map.of("alerted", 2L), RulePreviews.outcomes(p).entrySet().stream()
                .filter(e -> e.getValue() > 0).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        Map.Entry::getValue)));
    }

    @Test
    void badLimitsAreRefusedNamingTheFieldAndNothingIsStored() {
        String[][] cases = {
            {"\"metric\": \"v\", \"limits\": 5", "limits"},
            {"\"metric\": \"v\", \"limits\": {}", "limits"},
            {"\"metric\": \"v\", \"limits\": {\"lower\": \"a\"}", "limits.lower"},
            {"\"metric\": \"v\", \"limits\": {\"upper\": 1e999}", "limits.upper"},
            {"\"metric\": \"v\", \"limits\": {\"lower\": 5, \"upper\": 5}", "limits.upper"},
            {"\"metric\": \"v\", \"limits\": {\"bottom\": 1}", "limits.bottom"},
            {"\"limits\": {\"upper\": 1}", "limits"},
            {"\"group\": \"meters\", \"limits\": {\"upper\": 1}", "limits"},
        };
        for (String[] c : cases) {
            given().contentType("application/json").body("{\"name\": \"bad\", " + c[0] + "}")
                    .post("/api/v1/alert-rules").then().statusCode(400).body("code", equalTo("InvalidRule"))
                    .body("field", equalTo(c[1]));
        }
        assertEquals(0, db.count("select count(*) from alert_rule"));

        // hostile values: a clear 400 (or a rule, for the extreme but finite), never a 5xx, on create and preview
        String[] hostile = {"1e308", "[]", "\"x\"", "true", "{\"lower\": {}}", "{\"lower\": [1]}",
            "{\"lower\": true}", "{\"lower\": \"NaN\"}", "{\"upper\": 1e308}", "{\"lower\": -1e308, \"upper\": 1e308}",
            "{\"lower\": 1e308, \"upper\": -1e308}", "{\"upper\": 4.9e-324}", "{\"upper\": -0.0, \"lower\": -1e-300}",
            "{\"lower\": 1" + "0".repeat(400) + "}", "{\"lower\": " + "[".repeat(2000) + "]".repeat(2000) + "}",
            "{\"" + "x".repeat(10_000) + "\": 1}"};
        for (String h : hostile) {
            String body = "{\"name\": \"h\", \"metric\": \"v\", \"limits\": " + h + "}";
            int created = given().contentType("application/json").body(body).post("/api/v1/alert-rules").then()
                    .extract().statusCode();
            assertEquals(true, created == 201 || created == 400, h + " -> " + created);
            int previewed = given().contentType("application/json").body(body).post("/api/v1/alert-rules/preview")
                    .then().extract().statusCode();
            assertEquals(true, previewed == 200 || previewed == 400, h + " preview -> " + previewed);
            db.exec("delete from alert_rule");
        }
    }
}
