package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static dev.vigil.testing.RulePreviews.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.storage.AlertRule;
import dev.vigil.testing.Db;
import dev.vigil.testing.RulePreviews;
import dev.vigil.testing.Series;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule's preview replays the series' events as the detection run follows them (OpenEvents): a rule that asks for
 * consecutive windows is previewed as the run decided it with the rule stored, also for an event that began before
 * the period; the replay reads a bounded number of windows. Real PostgreSQL and detection runs.
 */
@QuarkusTest
class EventPreviewTest {

    // four days of 5-minute history: the detector judges after three
    private static final int HISTORY = 1152;
    private static final Duration SIZE = Duration.ofMinutes(5);
    private static final String RULE = """
            {"name": "three", "metric": "flow", "minConsecutive": 3}""";

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    RulePreview preview;
    @Inject
    RuleCoverage coverage;

    @BeforeEach
    void scoreAJumpAndASpikeWithTheRuleStored() {
        db.reset();
        given().contentType("application/json").body(RULE).post("/api/v1/alert-rules").then().statusCode(201);
        Series.steady("flow", "a", HISTORY + 12, 1);
        Series.steady("flow", "b", HISTORY + 12, 2);
        for (int w = HISTORY; w < HISTORY + 6; w++) {
            Series.at("flow", "a", w, 30); // the level three times over for half an hour
        }
        Series.at("flow", "b", HISTORY + 2, 30); // one window
        // runs as the schedule makes them: three windows each, so the event spans runs
        for (int w = HISTORY - 3; w <= HISTORY + 12; w += 3) {
            run.run(Series.nowAfter(w));
        }
        assertEquals(List.of(Series.windowStart(HISTORY + 2).toString()), alerted(Series.START),
                "the run alerts once, at the jump's third window");
    }

    @Test
    void aSustainedJumpIsPreviewedAsTheRunDecidedItAndASpikeIsNotAlerted() {
        JsonPath p = RulePreviews.preview(RULE, period(Series.START));
        assertEquals(stored(Series.START), outcomes(p), p.prettify());
        assertEquals(1, p.getInt("alerts"));
        assertEquals("replayed", p.getString("events"));
        assertEquals(1, p.getInt("alertsNow"), "the stored rule alerted on the window the preview completes");
        assertEquals("flow{meter=a}", p.getString("top[0].key"));
        assertEquals(1, p.getInt("top[0].alerts"));

        // a rule of one window decides the flags alone: an alert on an unflagged window of its series (as a rule
        // that counts an event's windows gives) is not one of its windows, so alertsNow leaves it out (it counted
        // every alert of the covered series, so it could exceed flagged)
        db.exec("""
                insert into alert_decision (series_id, window_start, rule_id, outcome, severity, step_seconds)
                select s.id, timestamptz '%s', r.id, 'alerted', 0.5, 300 from series s, alert_rule r
                where s.series_key = 'flow{meter=a}' and r.name = 'three' on conflict do nothing""".formatted(
                Series.windowStart(HISTORY + 10)));
        long alertedFlags = db.count("""
                select count(*) from alert_decision d join anomaly_result r
                  on r.series_id = d.series_id and r.window_start = d.window_start and r.is_anomaly
                join series s on s.id = d.series_id
                where s.series_key = 'flow{meter=a}' and d.outcome = 'alerted'""");
        assertTrue(db.count("select count(*) from alert_decision where outcome = 'alerted'") > alertedFlags,
                "the stored alerts include one on an unflagged window");
        JsonPath one = RulePreviews.preview("""
                {"name": "one", "metric": "flow", "dimensions": {"meter": "a"}}""", period(Series.START));
        assertEquals("none", one.getString("events"), one.prettify());
        assertEquals(alertedFlags, one.getLong("alertsNow"), one.prettify());
        assertTrue(one.getLong("alertsNow") <= one.getLong("flagged"), one.prettify());

        JsonPath spike = RulePreviews.preview("""
                {"name": "spike", "metric": "flow", "dimensions": {"meter": "b"}, "minConsecutive": 3}""",
                period(Series.START));
        assertEquals(0, spike.getInt("alerts"), spike.prettify());
        assertEquals(spike.getInt("flagged"), (int) (long) outcomes(spike).get("consecutive"));
    }

    @Test
    void anEventThatBeganBeforeThePeriodCompletesInIt() {
        // the period starts at the window that completes the event: its flag lies before it
        Instant from = Series.windowStart(HISTORY + 2);
        JsonPath p = RulePreviews.preview(RULE, period(from));
        assertEquals(stored(from), outcomes(p), p.prettify());
        assertEquals(1, p.getInt("alerts"));
    }

    @Test
    void aRuleWithAChangeConditionIsReplayedWithItsConditionApplied() {
        // every window is read with the change judged on it: the jump's first window (flagged, and a change of
        // 200 %) opens the event that completes at its third; the spike and its way back stay short of three
        JsonPath p = RulePreviews.preview("""
                {"name": "jumps", "metric": "flow", "change": {"percent": 50}, "minConsecutive": 3}""",
                period(Series.START));
        assertEquals(1, p.getInt("alerts"), p.prettify());
        assertEquals("flow{meter=a}", p.getString("top[0].key"));
    }

    @Test
    void theReplayReadsABoundedNumberOfWindowsAndOnlyForARuleThatCountsThem() {
        AlertRule rule = RuleRequest.parse(RULE, coverage.defaultRule());
        Instant from = Series.windowStart(HISTORY + 2);
        Instant to = Series.windowStart(HISTORY + 12);
        // a is read from its flag, two windows before the period, b from its spike: at least 12 + 10 windows; past
        // the bound the flags are decided alone and the answer says so
        RulePreview.Preview skipped = QuarkusTransaction.requiringNew().call(
                () -> preview.preview(rule, from, to, SIZE, RulePreview.MAX_FLAGGED, 21));
        assertEquals(RulePreview.EVENTS_SKIPPED, skipped.events());
        assertEquals(0, skipped.alerts(), "without the replay nothing completes the event that began before");
        assertEquals(RulePreview.EVENTS_REPLAYED, QuarkusTransaction.requiringNew().call(
                () -> preview.preview(rule, from, to, SIZE, RulePreview.MAX_FLAGGED, 22)).events());
        AlertRule one = RuleRequest.parse("{\"name\": \"one\", \"metric\": \"flow\"}", coverage.defaultRule());
        assertEquals(true, QuarkusTransaction.requiringNew().call(() -> preview.preview(one, from, to, SIZE,
                RulePreview.MAX_FLAGGED, 0)).flagged() > 0, "a rule that counts one window replays nothing");
    }

    private static String period(Instant from) {
        return "from=" + from + "&to=" + Series.windowStart(HISTORY + 12);
    }

    /** The run's decisions of windows from {@code from}, per outcome. */
    private Map<String, Long> stored(Instant from) {
        Map<String, Long> out = new TreeMap<>();
        db.rows("select outcome, count(*) as n from alert_decision where window_start >= ?::timestamptz "
                + "group by outcome", from.toString())
                .forEach(r -> out.put((String) r.get("outcome"), ((Number) r.get("n")).longValue()));
        return out;
    }

    private List<String> alerted(Instant from) {
        return db.rows("""
                select to_char(window_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as w
                from alert_decision where outcome = 'alerted' and window_start >= ?::timestamptz
                order by window_start""", from.toString()).stream().map(r -> (String) r.get("w")).toList();
    }
}
