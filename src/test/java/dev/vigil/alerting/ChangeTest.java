package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.ingestion.RejectedInput;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.storage.AlertRule;
import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import dev.vigil.testing.RulePreviews;
import dev.vigil.testing.Rules;
import dev.vigil.testing.Series;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule's change condition flags every window whose value moved more than its percentage from the series' earlier
 * window, also while the detector warms up, with reason {@code change}; the rule's direction reads the side of the
 * move; limits come first; its preview counts the moves of the period; bad conditions are refused naming the field.
 * Real PostgreSQL.
 */
@QuarkusTest
public class ChangeTest {

    static final int END = 60;

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    RulePreview preview;
    @Inject
    RuleCoverage coverage;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static Map<String, String> meter(String m) {
        return Map.of("meter", m);
    }

    private long flagged(String seriesKey, String reason) {
        return db.count("select count(*) from anomaly_result r join series s on s.id = r.series_id "
                + "where s.series_key = ? and r.is_anomaly and r.reason = ? and r.severity = 1", seriesKey, reason);
    }

    private long flaggedAt(String seriesKey, int window) {
        return db.count("select count(*) from anomaly_result r join series s on s.id = r.series_id "
                + "where s.series_key = ? and r.window_start = ?::timestamptz and r.is_anomaly", seriesKey,
                Series.windowStart(window).toString());
    }

    @Test
    void windowsThatMoveBeyondARulesPercentageAreFlaggedAndAlertOnTheSideOfTheMove() {
        long id = Rules.create("""
                {"name": "load drop", "metric": "load", "change": {"percent": 50}, "direction": "down",
                 "snooze": "PT0S"}""");
        Rules.create("""
                {"name": "temperature step", "metric": "temp", "change": {"percent": 50, "windows": 4},
                 "snooze": "PT0S"}""");
        long hourly = Rules.create("""
                {"name": "hour over hour", "metric": "gauge", "change": {"percent": 40, "ago": "PT1H"}}""");
        Rules.create("""
                {"name": "frozen", "metric": "flow", "change": {"percent": 0.01, "within": true},
                 "minConsecutive": 6}""");
        Rules.create("""
                {"name": "pressure", "metric": "pressure", "limits": {"upper": 200}, "change": {"percent": 10},
                 "snooze": "PT0S"}""");
        given().get("/api/v1/alert-rules/" + id).then().statusCode(200)
                .body("change.percent", equalTo(50.0f)).body("change.windows", equalTo(1));
        // the detector is still warming up on all of these: only the rules' conditions can flag
        Readings.post("load", meter("m1"), 0, END, i -> i == 20 ? 40 : 100 + (i % 3));
        Readings.post("load", meter("m2"), 0, END, i -> i == 30 ? 60 : 100);
        Readings.post("power", meter("m1"), 0, END, i -> i == 20 ? 1 : 100);
        Readings.post("temp", meter("m1"), 0, END, i -> i < 30 ? 10 : 16);
        Readings.post("pressure", meter("m1"), 0, END, i -> i == 10 ? 300 : i == 11 ? 150 : 100);
        Readings.post("gauge", meter("m1"), 0, END, i -> i == 40 ? 50 : 100);
        // a sensor that froze at window 40 (its value at 39 was 54)
        Readings.post("flow", meter("m1"), 0, END, i -> i < 40 ? 50 + (i % 5) : 52);
        // a notAnomaly pattern dismissing every deviation of m1 at any time of day: feedback does not dismiss a
        // rule's own condition
        String pattern = "insert into feedback (series_id, range_start, range_end, kind, given_by, pattern_sign, "
                + "pattern_max_deviation, pattern_from_minute, pattern_to_minute) select id, ?::timestamptz, "
                + "?::timestamptz, 'notAnomaly', 'test', 0, 1000, 0, 1439 from series where series_key = ? "
                + "returning id";
        assertEquals(1, db.rows(pattern, Series.windowStart(0).toString(), Series.windowStart(1).toString(),
                "load{meter=m1}").size());
        run.run(Series.nowAfter(END));

        // m1's drop to 40 and its return to 100 (150 % up); m2's 40 % drop is within the percentage, its return
        // from 60 (67 % up) is not
        assertEquals(1, flaggedAt("load{meter=m1}", 20));
        assertEquals(1, flaggedAt("load{meter=m1}", 21));
        assertEquals(2, flagged("load{meter=m1}", "change"));
        assertEquals(0, flaggedAt("load{meter=m2}", 30));
        assertEquals(1, flaggedAt("load{meter=m2}", 31));
        // against the fourth window back, a step is flagged for four windows
        assertEquals(4, flagged("temp{meter=m1}", "change"));
        assertEquals(1, flaggedAt("temp{meter=m1}", 33));
        assertEquals(0, flaggedAt("temp{meter=m1}", 34));
        // a limit says more than a change: 300 is reason limit; 150 after 300 and 100 after 150 are changes
        assertEquals(1, flagged("pressure{meter=m1}", "limit"));
        assertEquals(2, flagged("pressure{meter=m1}", "change"));
        // within: every window of the frozen sensor after its first is flagged, and six in a row alert
        assertEquals(19, flagged("flow{meter=m1}", "change"));
        assertEquals(0, flaggedAt("flow{meter=m1}", 40));
        assertEquals(1, Rules.decided(db, "frozen", 45, "consecutive"));
        assertEquals(1, Rules.decided(db, "frozen", 46, "alerted"));
        // against the window an hour before: the dip and, an hour later, the value it is measured against
        given().get("/api/v1/alert-rules/" + hourly).then().statusCode(200).body("change.ago", equalTo("PT1H"))
                .body("change.windows", org.hamcrest.Matchers.nullValue());
        assertEquals(2, flagged("gauge{meter=m1}", "change"));
        assertEquals(1, flaggedAt("gauge{meter=m1}", 40));
        assertEquals(1, flaggedAt("gauge{meter=m1}", 52));
        assertEquals(31, db.count("select count(*) from anomaly_result where is_anomaly"),
                "a metric no rule covers, and the first window of every series, are not judged");

        // "down": the drop alerts, the recovery does not; one event for the drop, reason change
        assertEquals(1, Rules.decided(db, "load drop", 20, "alerted"));
        assertEquals(1, Rules.decided(db, "load drop", 21, "direction"));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = ? "
                + "and payload->'data'->>'windowStart' = ? and payload->'data'->>'reason' = 'change'",
                AlertEvents.TYPE, Series.windowStart(20).toString()));

        long m1 = db.count("select id from series where series_key = 'load{meter=m1}'");
        given().get("/api/v1/series/" + m1 + "/chart?from=" + Series.windowStart(0) + "&to=" + Series.windowStart(END))
                .then().statusCode(200)
                .body("points.find { it.start == '" + Series.windowStart(20) + "' }.reason", equalTo("change"));

        // what a more sensitive rule would have flagged: every move of the period beyond 30 %
        JsonPath p = RulePreviews.preview("""
                {"name": "try", "metric": "load", "change": {"percent": 30}, "direction": "down", "snooze": "PT0S"}""",
                "from=" + Series.windowStart(0) + "&to=" + Series.windowStart(END));
        assertEquals(4, p.getInt("flagged"), "m1's 20 and 21, m2's 30 and 31: " + p.prettify());
        assertEquals(2L, RulePreviews.outcomes(p).get("alerted"), p.prettify());
        assertEquals(2L, RulePreviews.outcomes(p).get("direction"), p.prettify());
        JsonPath hourAgo = RulePreviews.preview("""
                {"name": "try", "metric": "gauge", "change": {"percent": 40, "ago": "PT1H"}}""",
                "from=" + Series.windowStart(0) + "&to=" + Series.windowStart(END));
        assertEquals(2, hourAgo.getInt("flagged"), hourAgo.prettify());
        // cut at a window time when more windows break it than a preview decides; refused when it would read more
        // windows than a preview may
        AlertRule tried = RuleRequest.parse("""
                {"name": "try", "metric": "load", "change": {"percent": 30}}""", coverage.defaultRule());
        RulePreview.Preview cut = QuarkusTransaction.requiringNew().call(() -> preview.preview(tried,
                Series.windowStart(0), Series.windowStart(END), Duration.ofMinutes(5), 2, 1_000));
        assertTrue(cut.truncated());
        assertEquals(Series.windowStart(22), cut.from(), "m2's 30 and 31 decided, m1's 20 and 21 left out");
        assertEquals(2, cut.flagged());
        RejectedInput tooLarge = assertThrows(RejectedInput.class, () -> QuarkusTransaction.requiringNew()
                .call(() -> preview.preview(tried, Series.windowStart(0), Series.windowStart(END),
                        Duration.ofMinutes(5), 100, 2 * END - 1)));
        assertEquals("PreviewTooLarge", tooLarge.code());
        assertEquals("from", tooLarge.field());

        // a late reading brings window 20 back (mean of 40 and 160): re-scored, it is no longer flagged
        given().contentType("application/json").body("[{\"metric\": \"load\", \"dimensions\": {\"meter\": \"m1\"}, "
                + "\"timestamp\": \"" + Series.windowStart(20).plusSeconds(200) + "\", \"value\": 160}]")
                .post("/readings").then().statusCode(200);
        run.run(Series.nowAfter(END + 1));
        assertEquals(0, flaggedAt("load{meter=m1}", 20));
    }

    @Test
    void badChangesAreRefusedNamingTheFieldAndNothingIsStored() {
        String[][] cases = {
            {"\"change\": 5", "change"},
            {"\"change\": []", "change"},
            {"\"change\": {}", "change.percent"},
            {"\"change\": {\"percent\": 0}", "change.percent"},
            {"\"change\": {\"percent\": -5}", "change.percent"},
            {"\"change\": {\"percent\": \"10\"}", "change.percent"},
            {"\"change\": {\"percent\": 1e999}", "change.percent"},
            {"\"change\": {\"percent\": 10, \"windows\": 0}", "change.windows"},
            {"\"change\": {\"percent\": 10, \"windows\": 1.5}", "change.windows"},
            {"\"change\": {\"percent\": 10, \"windows\": 289}", "change.windows"},
            {"\"change\": {\"percent\": 10, \"windows\": \"2\"}", "change.windows"},
            {"\"change\": {\"percent\": 10, \"by\": 1}", "change.by"},
            {"\"change\": {\"percent\": 10, \"within\": \"yes\"}", "change.within"},
            {"\"change\": {\"percent\": 10, \"ago\": \"P36D\"}", "change.ago"},
            {"\"change\": {\"percent\": 10, \"ago\": \"PT4M\"}", "change.ago"},
            {"\"change\": {\"percent\": 10, \"ago\": \"PT5M30S\"}", "change.ago"},
            {"\"change\": {\"percent\": 10, \"ago\": 3600}", "change.ago"},
            {"\"change\": {\"percent\": 10, \"ago\": \"P1D\", \"windows\": 2}", "change.ago"},
            {"\"change\": {\"percent\": 10, \"within\": true}, \"direction\": \"down\"", "direction"},
            {"\"group\": \"meters\", \"change\": {\"percent\": 10}", "change"},
        };
        for (String[] c : cases) {
            String body = "{\"name\": \"bad\", " + c[0] + "}";
            given().contentType("application/json").body(body).post("/api/v1/alert-rules").then().statusCode(400)
                    .body("code", equalTo("InvalidRule")).body("field", equalTo(c[1]));
            given().contentType("application/json").body(body).post("/api/v1/alert-rules/preview").then()
                    .statusCode(400).body("field", equalTo(c[1]));
        }
        assertEquals(0, db.count("select count(*) from alert_rule"));

        // hostile values: a clear 400 (or a rule, for the extreme but valid), never a 5xx, on create and preview
        String[] hostile = {"1e308", "[]", "\"x\"", "true", "{\"percent\": {}}", "{\"percent\": [1]}",
            "{\"percent\": true}", "{\"percent\": \"NaN\"}", "{\"percent\": 1e308}", "{\"percent\": 4.9e-324}",
            "{\"percent\": 1, \"windows\": 1e308}", "{\"percent\": 1, \"windows\": -0.0}",
            "{\"percent\": 1, \"windows\": 288.0}", "{\"percent\": 1, \"within\": null}",
            "{\"percent\": 1" + "0".repeat(400) + "}", "{\"percent\": " + "[".repeat(2000) + "]".repeat(2000) + "}",
            "{\"" + "x".repeat(10_000) + "\": 1}"};
        for (String h : hostile) {
            String body = "{\"name\": \"h\", \"metric\": \"v\", \"conditionsOnly\": true, \"change\": " + h + "}";
            int created = given().contentType("application/json").body(body).post("/api/v1/alert-rules").then()
                    .extract().statusCode();
            assertTrue(created == 201 || created == 400, h + " -> " + created);
            int previewed = given().contentType("application/json").body(body).post("/api/v1/alert-rules/preview")
                    .then().extract().statusCode();
            assertTrue(previewed == 200 || previewed == 400, h + " preview -> " + previewed);
            db.exec("delete from alert_rule");
        }
        // a rule over every metric may set a change (a percentage has no unit)
        Rules.create("{\"name\": \"any drop\", \"change\": {\"percent\": 90, \"windows\": 288}}");
    }
}
