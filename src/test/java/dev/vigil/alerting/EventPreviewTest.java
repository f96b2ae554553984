package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static dev.vigil.testing.RulePreviews.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.ingestion.RejectedInput;
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
    AlertGate gate;

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
        assertEquals("flow{meter=a}", p.getString("top[0].key"));
        assertEquals(1, p.getInt("top[0].alerts"));

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
        AlertRule rule = RuleRequest.parse(RULE, gate.defaultRule());
        Instant from = Series.windowStart(HISTORY + 2);
        Instant to = Series.windowStart(HISTORY + 12);
        // a is read from its flag, two windows before the period, b from its spike: at least 12 + 10 windows
        RejectedInput tooLarge = assertThrows(RejectedInput.class, () -> QuarkusTransaction.requiringNew().call(
                () -> preview.preview(rule, from, to, SIZE, RulePreview.MAX_FLAGGED, 21)));
        assertEquals("PreviewTooLarge", tooLarge.code());
        assertEquals("from", tooLarge.field());
        AlertRule one = RuleRequest.parse("{\"name\": \"one\", \"metric\": \"flow\"}", gate.defaultRule());
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
