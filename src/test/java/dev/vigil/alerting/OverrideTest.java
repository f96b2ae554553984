package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import dev.vigil.testing.Db;
import dev.vigil.testing.RulePreviews;
import dev.vigil.testing.Series;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Metrics Advisor's series overrides: a strict rule for one noisy host with {@code override} decides its anomalies
 * instead of the broad rule over its metric, which still decides every other host's; a conditions-only rule keeps its
 * own conditions' flags; previews leave the overridden series to the override. Real PostgreSQL.
 */
@QuarkusTest
class OverrideTest {

    private static final Duration SIZE = Duration.ofMinutes(5);

    @Inject
    Db db;
    @Inject
    AlertGate gate;
    @Inject
    ScoringStore scoring;
    @Inject
    RuleConditions conditions;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void anOverrideTakesThePlaceOfTheBroadRuleOnItsSeriesOnly() throws Exception {
        long broad = rule("""
                {"name": "all latency", "metric": "latency", "minSeverity": 0.5, "snooze": "PT0S"}""");
        long strict = rule("""
                {"name": "noisy h9", "metric": "latency", "dimensions": {"host": "h9"}, "minSeverity": 0.99,
                 "snooze": "PT0S", "override": true}""");
        long limit = rule("""
                {"name": "slo", "metric": "latency", "limits": {"upper": 500}, "conditionsOnly": true,
                 "snooze": "PT0S"}""");
        long h9 = series("h9");
        long h1 = series("h1");
        List<Flagged> flagged = List.of(flag(h9, "h9", 100, 300, 0.8, "value", null),
                flag(h1, "h1", 100, 300, 0.8, "value", null), flag(h9, "h9", 200, 600, 1, "limit", 500.0));
        scoring.saveResults(flagged.stream().map(Flagged::result).toList());
        List<OutboxRow> events = QuarkusTransaction.requiringNew().call(() -> gate.decide(flagged, SIZE));

        assertEquals(List.of(
                "100 h1 " + broad + " alerted",
                "100 h9 " + strict + " belowSeverity",
                "200 h9 " + strict + " alerted",
                "200 h9 " + limit + " alerted"), decisions());
        assertEquals(List.of("[\"all latency\"]"), alertedRules(events, h1));
        assertEquals(List.of("[\"noisy h9\",\"slo\"]"), alertedRules(events, h9),
                "the limit's window only, with both rules' names");

        // the broad rule's preview leaves h9 to the override; the override's preview has h9 alone
        String period = "from=" + Series.windowStart(0) + "&to=" + Series.windowStart(400);
        JsonPath broadPreview = RulePreviews.preview("""
                {"name": "all latency", "metric": "latency", "minSeverity": 0.5}""", period);
        assertEquals(1, broadPreview.getInt("flagged"), broadPreview.prettify());
        JsonPath strictPreview = RulePreviews.preview("""
                {"name": "noisy h9", "metric": "latency", "dimensions": {"host": "h9"}, "minSeverity": 0.99,
                 "override": true}""", period);
        assertEquals(2, strictPreview.getInt("flagged"), strictPreview.prettify());
        // previewing an edit of the override itself, without override: it no longer hides its own series
        JsonPath edit = RulePreviews.preview("""
                {"name": "noisy h9", "metric": "latency", "dimensions": {"host": "h9"}, "minSeverity": 0.99}""",
                period);
        assertEquals(2, edit.getInt("flagged"), edit.prettify());

        // disabled, the override hides nothing: the broad rule decides h9 again
        given().contentType("application/json").body("""
                {"name": "noisy h9", "metric": "latency", "dimensions": {"host": "h9"}, "minSeverity": 0.99,
                 "snooze": "PT0S", "override": true, "enabled": false}""").put("/api/v1/alert-rules/" + strict)
                .then().statusCode(200).body("override", equalTo(true));
        db.exec("delete from alert_decision");
        QuarkusTransaction.requiringNew().run(() -> gate.decide(flagged.subList(0, 1), SIZE));
        assertEquals(List.of("100 h9 " + broad + " alerted"), decisions());
    }

    /** An overridden rule's limits do not flag the override's series either; a conditions-only rule's still do. */
    @Test
    void anOverriddenRulesLimitsAreOutOfForceOnTheOverridesSeries() {
        rule("""
                {"name": "all latency", "metric": "latency", "limits": {"upper": 250}}""");
        rule("""
                {"name": "noisy h9", "metric": "latency", "dimensions": {"host": "h9"}, "override": true}""");
        Instant t = Series.windowStart(10);
        PendingWindow h9 = new PendingWindow(1, "latency{host=h9}", "latency", "{\"host\":\"h9\"}", t, 300, 1, 1,
                false, false);
        PendingWindow h1 = new PendingWindow(2, "latency{host=h1}", "latency", "{\"host\":\"h1\"}", t, 300, 1, 1,
                false, false);
        var breaches = QuarkusTransaction.requiringNew().call(() -> conditions.forChunk(List.of(h9, h1)));
        assertEquals(null, breaches.apply(h9));
        assertEquals("limit", breaches.apply(h1).reason());
        assertEquals(null, conditions.limits("latency", java.util.Map.of("host", "h9")));
        assertEquals(250.0, conditions.limits("latency", java.util.Map.of("host", "h1")).upper());

        rule("""
                {"name": "slo", "metric": "latency", "limits": {"upper": 500}, "conditionsOnly": true}""");
        assertEquals(500.0, conditions.limits("latency", java.util.Map.of("host", "h9")).upper());
    }

    @Test
    void overrideIsABooleanForSeriesRulesThatTakeEveryFlag() {
        for (String body : new String[] {
            "{\"name\": \"x\", \"metric\": \"v\", \"override\": \"yes\"}",
            "{\"name\": \"x\", \"metric\": \"v\", \"limits\": {\"upper\": 1}, \"conditionsOnly\": true,"
                    + " \"override\": true}"}) {
            given().contentType("application/json").body(body).post("/api/v1/alert-rules").then().statusCode(400)
                    .body("code", equalTo("InvalidRule")).body("field", equalTo("override"));
        }
        assertEquals(0, db.count("select count(*) from alert_rule"));
        given().contentType("application/json").body("{\"name\": \"x\", \"metric\": \"v\"}")
                .post("/api/v1/alert-rules").then().statusCode(201).body("override", equalTo(false));
    }

    private static long rule(String body) {
        return given().contentType("application/json").body(body).post("/api/v1/alert-rules").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    private long series(String host) {
        long id = 1000 + host.hashCode();
        db.exec("insert into series (id, series_key, metric, dimensions) values (" + id + ", 'latency{host=" + host
                + "}', 'latency', '{\"host\": \"" + host + "\"}')");
        return id;
    }

    /** The rules each anomaly event of the series names. */
    private static List<String> alertedRules(List<OutboxRow> events, long series) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (OutboxRow e : events) {
            if (Long.valueOf(series).equals(e.seriesId())) {
                out.add(Json.mapper().readTree(e.payload()).path("data").path("rules").toString());
            }
        }
        return out;
    }

    private List<String> decisions() {
        return db.rows("select d.window_start, s.dimensions->>'host' as host, d.rule_id, d.outcome"
                + " from alert_decision d join series s on s.id = d.series_id order by 1, 2, 3").stream()
                .map(r -> Duration.between(Series.START, ((java.sql.Timestamp) r.get("window_start")).toInstant())
                        .dividedBy(SIZE) + " " + r.get("host") + " " + r.get("rule_id") + " " + r.get("outcome"))
                .toList();
    }

    private static Flagged flag(long series, String host, int window, double value, double severity, String reason,
                                Double reference) {
        Instant t = Series.windowStart(window);
        PendingWindow w = new PendingWindow(series, "latency{host=" + host + "}", "latency",
                "{\"host\":\"" + host + "\"}", t, value, 1, 1, false, false);
        ResultRow r = new ResultRow(series, t, "vigil-test", 1, value, 200, 180, 220, true, severity, 5, false, t,
                reason);
        return new Flagged(w, r, reference);
    }
}
