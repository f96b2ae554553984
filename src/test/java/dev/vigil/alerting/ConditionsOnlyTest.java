package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.alerting.AlertGate.Flagged;
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
 * A rule with {@code conditionsOnly} decides the windows its limits or change flagged and leaves the detector's
 * flags of its series to the default rule, which a plain stored rule would have displaced; its preview counts only
 * its conditions' windows. Real PostgreSQL.
 */
@QuarkusTest
class ConditionsOnlyTest {

    private static final Duration SIZE = Duration.ofMinutes(5);

    @Inject
    Db db;
    @Inject
    AlertGate gate;
    @Inject
    ScoringStore scoring;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void theDefaultRuleKeepsTheDetectorsFlagsAndTheRuleDecidesItsOwn() {
        long id = given().contentType("application/json").body("""
                {"name": "statutory", "metric": "voltage", "limits": {"lower": 207}, "conditionsOnly": true,
                 "snooze": "PT0S"}""").post("/api/v1/alert-rules").then().statusCode(201)
                .body("conditionsOnly", equalTo(true)).extract().jsonPath().getLong("id");
        Series.steady("voltage", "a", 3, 230);
        long series = db.count("select id from series");
        // a weak detector flag (the default rule holds a lone weak flag back as unconfirmed), a strong one, and a
        // window below the limit
        List<Flagged> flagged = List.of(flag(series, 100, 236, 0.4, "value", null),
                flag(series, 200, 245, 0.9, "value", null), flag(series, 300, 200, 1, "limit", 207.0));
        scoring.saveResults(flagged.stream().map(Flagged::result).toList());
        QuarkusTransaction.requiringNew().run(() -> gate.decide(flagged, SIZE));

        assertEquals(List.of("100 0 unconfirmed", "200 0 alerted", "300 " + id + " alerted"), decisions());

        // a plain stored rule with the same limit displaces the default rule: it decides every flag, and asks no
        // companion for the weak one
        db.exec("delete from alert_decision");
        given().contentType("application/json").body("""
                {"name": "statutory", "metric": "voltage", "limits": {"lower": 207}, "snooze": "PT0S"}""")
                .put("/api/v1/alert-rules/" + id).then().statusCode(200).body("conditionsOnly", equalTo(false));
        QuarkusTransaction.requiringNew().run(() -> gate.decide(flagged, SIZE));
        assertEquals(List.of("100 " + id + " alerted", "200 " + id + " alerted", "300 " + id + " alerted"),
                decisions());

        // the preview of a conditions-only rule counts the windows beyond its limit, not the detector's flags
        JsonPath p = RulePreviews.preview("""
                {"name": "try", "metric": "voltage", "limits": {"lower": 207}, "conditionsOnly": true}""",
                "from=" + Series.windowStart(0) + "&to=" + Series.windowStart(400));
        assertEquals(1, p.getInt("flagged"), p.prettify());
        JsonPath all = RulePreviews.preview("""
                {"name": "try", "metric": "voltage", "limits": {"lower": 207}}""",
                "from=" + Series.windowStart(0) + "&to=" + Series.windowStart(400));
        assertEquals(3, all.getInt("flagged"), all.prettify());
    }

    @Test
    void conditionsOnlyNeedsAConditionAndABoolean() {
        for (String body : new String[] {
            "{\"name\": \"x\", \"metric\": \"v\", \"conditionsOnly\": true}",
            "{\"name\": \"x\", \"metric\": \"v\", \"limits\": {\"upper\": 1}, \"conditionsOnly\": \"yes\"}",
            "{\"name\": \"x\", \"metric\": \"v\", \"limits\": {\"upper\": 1}, \"conditionsOnly\": 1}"}) {
            given().contentType("application/json").body(body).post("/api/v1/alert-rules").then().statusCode(400)
                    .body("code", equalTo("InvalidRule")).body("field", equalTo("conditionsOnly"));
        }
        assertEquals(0, db.count("select count(*) from alert_rule"));
    }

    private List<String> decisions() {
        return db.rows("select window_start, rule_id, outcome from alert_decision order by window_start, rule_id")
                .stream().map(r -> Duration.between(Series.START, ((java.sql.Timestamp) r.get("window_start"))
                        .toInstant()).dividedBy(SIZE) + " " + r.get("rule_id") + " " + r.get("outcome")).toList();
    }

    private static Flagged flag(long series, int window, double value, double severity, String reason,
                                Double reference) {
        Instant t = Series.windowStart(window);
        PendingWindow w = new PendingWindow(series, "voltage{meter=a}", "voltage", "{\"meter\":\"a\"}", t, value, 1,
                1, false, false);
        ResultRow r = new ResultRow(series, t, "vigil-test", 1, value, 230, 225, 235, true, severity, 5, false, t,
                reason);
        return new Flagged(w, r, reference);
    }
}
