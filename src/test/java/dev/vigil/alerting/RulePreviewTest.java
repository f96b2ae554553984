package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static dev.vigil.testing.RulePreviews.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alerting.AlertGate.Flagged;
import dev.vigil.alerting.RulePreview.Preview;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.OpenEvent;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import dev.vigil.testing.Db;
import dev.vigil.testing.RulePreviews;
import dev.vigil.testing.Series;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule's preview decides the stored anomalies of a period as the pipeline would have with the rule stored (the
 * same outcomes as {@link AlertGate} then stores), and stores and sends nothing; bad periods and an unknown group are
 * refused naming the field. Real PostgreSQL.
 */
@QuarkusTest
class RulePreviewTest {

    private static final Duration SIZE = Duration.ofMinutes(5);
    private static final String RULE = """
            {"name": "pairs", "metric": "flow", "minConsecutive": 2, "snooze": "PT1H", "maxPerHour": 1}""";
    private static final String PERIOD = "from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z";

    @Inject
    Db db;

    @Inject
    AlertGate gate;

    @Inject
    RuleCoverage coverage;

    @Inject
    RulePreview preview;

    @Inject
    ScoringStore scoring;

    private final List<Flagged> flagged = new ArrayList<>();

    @BeforeEach
    void seed() {
        db.reset();
        Series.steady("flow", "a", 3, 1);
        Series.steady("flow", "b", 3, 2);
        Series.steady("temp", "a", 3, 3);
        List<Long> ids = db.rows("select id from series order by metric, series_key").stream()
                .map(r -> ((Number) r.get("id")).longValue()).toList();
        // flow a: anomalous in windows 100 to 104 (one event); flow b: 101, 102 and, after a missing window, 104
        // (still one event: a gap of two steps); temp a: 100, which a rule on flow does not cover
        flagged.clear();
        flagged.addAll(event(ids.get(0), "flow", "a", 100, 101, 102, 103, 104));
        flagged.addAll(event(ids.get(1), "flow", "b", 101, 102, 104));
        scoring.saveResults(flagged.stream().map(Flagged::result).toList());
        scoring.saveResults(List.of(flag(ids.get(2), "temp", "a", 100, null).result()));
    }

    @Test
    void decidesAsThePipelineWouldAndStoresNothing() {
        JsonPath p = RulePreviews.preview(RULE, PERIOD);
        assertEquals(0, db.count("select count(*) from alert_decision"), "a preview stores no decision");
        assertEquals(0, db.count("select count(*) from alert_outbox"), "and queues no event");

        assertEquals(8, p.getInt("flagged"), "the flow series' flagged windows, not temp's");
        assertEquals(1, p.getInt("alerts"));
        assertEquals(0, p.getInt("alertsNow"), "no rule has alerted on these windows yet");
        assertEquals(2, p.getInt("subjects"));
        assertEquals(1, p.getInt("subjectsAlerted"));
        // b's 102 and 104 are its event's second and third windows: they pass minConsecutive and meet the cap
        assertEquals(Map.of("consecutive", 2L, "snoozed", 3L, "capped", 2L, "alerted", 1L), outcomes(p));
        assertEquals(List.of("consecutive", "snoozed", "capped", "alerted"), p.getList("outcomes.outcome"),
                "in the order the rule checks them");
        assertEquals("flow{meter=a}", p.getString("top[0].key"));
        assertEquals(1, p.getInt("top[0].alerts"));
        assertEquals(5, p.getInt("top[0].flagged"));
        assertEquals(List.of("2026-10-01"), p.getList("days.day"));
        assertEquals(2, p.getInt("rule.minConsecutive"), "the rule as decided, defaults filled in");
        assertEquals(false, p.getBoolean("truncated"));
        assertEquals("2026-10-02T00:00:00Z", p.getString("to"));

        // the same rule stored: the pipeline's decisions on the same windows, with the events a run follows
        given().contentType("application/json").body(RULE).post("/api/v1/alert-rules").then().statusCode(201);
        QuarkusTransaction.requiringNew().run(() -> gate.decide(flagged, SIZE));
        assertEquals(RulePreviews.stored(db, "alert_decision"), outcomes(p));

        // the stored rule's own decisions do not count as the preview's: it still sees one alert to give
        JsonPath again = RulePreviews.preview(RULE, PERIOD);
        assertEquals(outcomes(p), outcomes(again));
        assertEquals(1, again.getInt("alertsNow"), "the stored rule's one alert, to compare with");
    }


    @Test
    void aStricterRuleAlertsOnNothing() {
        given().contentType("application/json").body("""
                {"name": "strict", "metric": "flow", "minSeverity": 0.95}""")
                .post("/api/v1/alert-rules/preview?" + PERIOD).then().statusCode(200)
                .body("flagged", equalTo(8)).body("alerts", equalTo(0))
                .body("outcomes[0].outcome", equalTo("belowSeverity")).body("outcomes[0].windows", equalTo(8))
                .body("top[0].alerts", equalTo(0));
    }

    @Test
    void aLongPeriodIsCutAtAWindowTimeKeepingTheNewestWindows() {
        AlertRule rule = RuleRequest.parse(RULE, coverage.defaultRule());
        // rows in window time: ..., a102, b102, a103, a104, b104; four are decided at most, the newest, and window
        // 102 is not split: the preview starts after the window of the fifth newest row
        Preview p = QuarkusTransaction.requiringNew().call(() -> preview.preview(rule, Series.windowStart(0),
                Series.windowStart(288), SIZE, 4, RulePreview.MAX_READS));
        assertTrue(p.truncated());
        assertEquals(Series.windowStart(103), p.from());
        assertEquals(Series.windowStart(288), p.to());
        assertEquals(3, p.flagged());
    }

    @Test
    void badPeriodsAndGroupRulesAreRefusedNamingTheField() {
        refused("from=yesterday", RULE).body("field", equalTo("from"));
        refused("from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z", RULE).body("field", equalTo("from"));
        refused("from=2026-08-01T00:00:00Z&to=2026-10-01T00:00:00Z", RULE).body("field", equalTo("to"));
        refused(PERIOD, "{\"name\": \"meters\", \"group\": \"meters\"}").body("field", equalTo("group"));
        // instants PostgreSQL cannot store, and the far past: named, not a server error
        refused("from=2026-10-01T00:00:00Z&to=%2B300000-01-02T00:00:00Z", RULE).body("field", equalTo("to"));
        refused("from=-5000-01-01T00:00:00Z&to=2026-10-01T00:00:00Z", RULE).body("field", equalTo("from"))
                .body("message", equalTo("from must lie between years 1 and 9999"));
        refused(PERIOD, "{\"metric\": \"flow\"}").body("field", equalTo("name"));
        refused(PERIOD, "{not json").body("code", equalTo("MalformedJson"));
        assertEquals(0, db.count("select count(*) from alert_rule"), "a preview creates no rule");
    }

    private static ValidatableResponse refused(String query, String body) {
        return given().contentType("application/json").body(body).post("/api/v1/alert-rules/preview?" + query)
                .then().statusCode(400);
    }

    /** Flagged windows of one series as a run passes them to the rules: each with its event (OpenEvents). */
    private static List<Flagged> event(long series, String metric, String meter, int... windows) {
        List<Flagged> out = new ArrayList<>();
        OpenEvent open = null;
        for (int window : windows) {
            Flagged f = flag(series, metric, meter, window, null);
            open = OpenEvents.next(open, f.result(), SIZE.toSeconds());
            out.add(flag(series, metric, meter, window, open));
        }
        return out;
    }

    private static Flagged flag(long series, String metric, String meter, int window, OpenEvent event) {
        PendingWindow w = new PendingWindow(series, metric + "|meter=" + meter, metric,
                "{\"meter\":\"" + meter + "\"}", Series.windowStart(window), 100, 1, 1, false, false);
        ResultRow r = new ResultRow(series, w.start(), "vigil-test", 1, 100, 10, 5, 15, true, 0.9, 9, false,
                w.start(), "value");
        return new Flagged(w, r, null, event);
    }
}
