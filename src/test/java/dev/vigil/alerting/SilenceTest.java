package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Series that stop sending data are reported once per episode, counted in their own step, held while a rule covering
 * them is in maintenance, ended by their next window, and summed up past the cap, on real PostgreSQL.
 */
@QuarkusTest
public class SilenceTest {

    static final int END = 60;

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    SilenceRun silence;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static Map<String, String> meter(String m) {
        return Map.of("meter", m);
    }

    private long events(String type) {
        return db.count("select count(*) from alert_outbox where payload->>'type' = ?", type);
    }

    @Test
    void aSeriesThatStopsIsReportedOnceAndEndsWhenItsDataComesBack() {
        Readings.post("voltage", meter("m1"), 0, END, i -> 230 + (i % 3));
        Readings.post("voltage", meter("m2"), 0, END - 12, i -> 230 + (i % 3));
        // hourly data an hour old is not silent: its threshold is six of its steps
        Readings.post("voltage", meter("m3"), 0, END, 12, i -> 230 + (i % 5));
        run.run(Series.nowAfter(END));

        JsonPath open = given().get("/api/v1/silence").then().statusCode(200).extract().jsonPath();
        assertEquals(1, open.getList("$").size(), "only m2 is silent: " + open.prettify());
        assertEquals("voltage{meter=m2}", open.getString("[0].seriesKey"));
        assertEquals(Series.windowStart(END - 13).toString(), open.getString("[0].lastWindow"));
        assertEquals(Series.windowStart(END - 12).toString(), open.getString("[0].expectedWindow"));
        assertEquals(300, open.getInt("[0].stepSeconds"));
        assertEquals("alerted", open.getString("[0].outcome"));
        assertEquals(Series.windowStart(END).toString(), open.getString("[0].detectedAt"));
        assertEquals(1, events(SilenceEvents.STARTED));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = ? "
                + "and payload->>'subject' = 'voltage{meter=m2}' and payload->'data'->>'metric' = 'voltage' "
                + "and payload->'data'->'dimensions'->>'meter' = 'm2'", SilenceEvents.STARTED));
        given().get("/api/v1/overview").then().body("silentSeries", equalTo(1));

        // the next runs find it open: nothing twice
        run.run(Series.nowAfter(END).plusSeconds(900));
        assertEquals(1, db.count("select count(*) from series_silence"));
        assertEquals(1, events(SilenceEvents.STARTED));

        Readings.post("voltage", meter("m1"), END, END + 6, i -> 230 + (i % 3));
        Readings.post("voltage", meter("m2"), END + 2, END + 6, i -> 230 + (i % 3));
        run.run(Series.nowAfter(END + 6));
        given().get("/api/v1/silence").then().statusCode(200).body("size()", equalTo(0));
        JsonPath ended = given().get("/api/v1/silence?status=ended").then().statusCode(200).extract().jsonPath();
        assertEquals(Series.windowStart(END + 2).toString(), ended.getString("[0].resumedWindow"));
        assertEquals(Series.windowStart(END + 6).toString(), ended.getString("[0].endedAt"));
        assertEquals("resumed", ended.getString("[0].endedBy"));
        assertEquals(1, events(SilenceEvents.ENDED));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = ? "
                + "and payload->'data'->>'resumedWindow' = ?", SilenceEvents.ENDED,
                Series.windowStart(END + 2).toString()));
        given().get("/api/v1/silence?status=all").then().body("size()", equalTo(1));
        given().get("/api/v1/overview").then().body("silentSeries", equalTo(0));

        // m3, hourly, silent for seven hours after its window END - 12 (step 1 h): six of its steps have passed
        run.run(Series.nowAfter(END + 72));
        JsonPath later = given().get("/api/v1/silence").then().extract().jsonPath();
        List<String> keys = later.getList("seriesKey");
        assertEquals(List.of("voltage{meter=m1}", "voltage{meter=m2}", "voltage{meter=m3}"), keys.stream().sorted()
                .toList());
        assertEquals(3600, later.getInt("find { it.seriesKey == 'voltage{meter=m3}' }.stepSeconds"));
    }

    @Test
    void afterVigilWasAwayASeriesIsSilentOnlyOnceItsDataCouldHaveArrived() {
        for (String m : List.of("m1", "m2", "m3")) {
            Readings.post("voltage", meter(m), 0, END - 24, i -> 230 + (i % 3));
        }
        run.run(Series.nowAfter(END - 24));
        // no replica up from window END - 23 to window END (this process stands in for the one started then)
        db.exec("delete from vigil_uptime");
        db.exec("insert into vigil_uptime values ('before', '%s', '%s'), ('after', '%s', now() + interval '1 day')"
                .formatted(Series.START, Series.windowStart(END - 23), Series.windowStart(END)));

        // back at END: all three sent nothing for two hours, yet a backlog may be on its way
        run.run(Series.nowAfter(END));
        given().get("/api/v1/silence").then().body("size()", equalTo(0));
        // the run's own pass again, at its cutoff
        SilenceRun.Pass held = silence.pass(Series.windowStart(END));
        assertEquals(3, held.held());
        assertEquals(Series.windowStart(END - 23), held.away().from());
        assertEquals(Series.windowStart(END), held.away().to());
        // the overview says why nothing is silent yet
        given().get("/api/v1/overview").then().statusCode(200)
                .body("vigilAway.from", equalTo(Series.windowStart(END - 23).toString()))
                .body("vigilAway.to", equalTo(Series.windowStart(END).toString()));

        // m1's backlog is read to the present, m2's ends a little into the absence, m3 has none
        Readings.post("voltage", meter("m1"), END - 24, END + 3, i -> 230 + (i % 3));
        Readings.post("voltage", meter("m2"), END - 24, END - 20, i -> 230 + (i % 3));
        run.run(Series.nowAfter(END + 3));
        // m2: the fleet's data went half an hour past its last window, so it stopped; m3 stopped before the
        // absence and what it sent while nobody listened may be lost, so it has half an hour of listening first
        given().get("/api/v1/silence").then().body("seriesKey", equalTo(List.of("voltage{meter=m2}")))
                .body("[0].lastWindow", equalTo(Series.windowStart(END - 21).toString()));
        assertEquals(1, silence.pass(Series.windowStart(END + 3)).held());

        // half an hour after the return
        Readings.post("voltage", meter("m1"), END + 3, END + 8, i -> 230 + (i % 3));
        run.run(Series.nowAfter(END + 6));
        assertEquals(1, silence.pass(Series.windowStart(END + 6)).held(), "still within half an hour");
        run.run(Series.nowAfter(END + 7));
        given().get("/api/v1/silence").then().body("size()", equalTo(2))
                .body("seriesKey", org.hamcrest.Matchers.hasItem("voltage{meter=m3}"));
        assertEquals(2, events(SilenceEvents.STARTED));
    }

    @Test
    void aDismissedSilenceEndsAndTheSameStopIsNotReportedAgain() {
        Readings.post("voltage", meter("m1"), 0, END - 12, i -> 230 + (i % 3));
        run.run(Series.nowAfter(END));
        String id = given().get("/api/v1/silence").then().extract().jsonPath().getString("[0].seriesId");
        given().post("/api/v1/silence/" + id + "/dismiss").then().statusCode(200)
                .body("endedBy", equalTo("dismissed")).body("resumedWindow", equalTo(null));
        assertEquals(1, events(SilenceEvents.ENDED), "its subscribers learn it ended");
        run.run(Series.nowAfter(END + 12));
        given().get("/api/v1/silence").then().body("size()", equalTo(0));
        assertEquals(1, events(SilenceEvents.STARTED), "the same stop is not reported twice");
        given().post("/api/v1/silence/" + id + "/dismiss").then().statusCode(404);
        given().post("/api/v1/silence/x1/dismiss").then().statusCode(400).body("field", equalTo("id"));

        // it comes back and stops again: a new silence
        Readings.post("voltage", meter("m1"), END + 12, END + 14, i -> 230);
        run.run(Series.nowAfter(END + 14));
        run.run(Series.nowAfter(END + 30));
        given().get("/api/v1/silence").then().body("size()", equalTo(1))
                .body("[0].lastWindow", equalTo(Series.windowStart(END + 13).toString()));
        given().get("/api/v1/silence?status=ended").then().body("[0].endedBy", equalTo("dismissed"));
        assertEquals(2, events(SilenceEvents.STARTED));
    }

    @Test
    void aSeriesThatStoppedBeforeItsStepWasKeptTakesItFromItsLastWindows() {
        Readings.post("voltage", meter("m1"), 0, END - 12, 2, i -> 230 + (i % 3));
        Readings.post("voltage", meter("m2"), 0, 1, i -> 230);
        run.run(Series.nowAfter(END - 12));
        // as after the upgrade that added the kept step: none is known until a series' next run
        db.exec("update series_state set step_seconds = 0");
        run.run(Series.nowAfter(END + 12));
        // m1 every 10 minutes: silent after six of them; m2, one window ever: no step, never silent
        given().get("/api/v1/silence").then().body("seriesKey", equalTo(List.of("voltage{meter=m1}")))
                .body("[0].stepSeconds", equalTo(600));
    }

    @Test
    void coarseSeriesAreReportedPastTheirThresholdBeyondTheHorizon() {
        int day = 288;
        int week = 7 * day;
        // a weekly series, threshold six weeks, and a daily one, threshold six days, both past the 7-day horizon
        Readings.post("kwh", meter("weekly"), 0, 4 * week + 1, week, i -> 100 + i % 7);
        Readings.post("kwh", meter("daily"), 4 * week - 10 * day, 4 * week + 1, day, i -> 50 + i % 3);
        run.run(Series.nowAfter(4 * week + 1));
        assertEquals(7 * 86400, db.count("select max(step_seconds) from series_state"));

        // the daily one stopped 8 days ago: the pass of the one day between its threshold and the horizon was missed
        run.run(Series.nowAfter(4 * week + 8 * day));
        given().get("/api/v1/silence").then().body("seriesKey", equalTo(List.of("kwh{meter=daily}")));

        run.run(Series.nowAfter(4 * week + 41 * day));
        given().get("/api/v1/silence").then().body("size()", equalTo(1));
        run.run(Series.nowAfter(4 * week + 43 * day));
        JsonPath open = given().get("/api/v1/silence").then().extract().jsonPath();
        assertEquals(List.of("kwh{meter=daily}", "kwh{meter=weekly}"), open.getList("seriesKey", String.class)
                .stream().sorted().toList());
        assertEquals(7 * 86400, open.getInt("find { it.seriesKey == 'kwh{meter=weekly}' }.stepSeconds"));
    }

    @Test
    void aMaintenancePeriodHoldsTheSilenceUntilItIsOver() {
        Readings.post("power", meter("m1"), 0, END - 12, i -> 3 + (i % 2));
        given().contentType("application/json").body("""
                {"name": "works", "metric": "power", "maintenance": [{"from": "%s", "to": "%s"}]}"""
                .formatted(Series.windowStart(END - 12), Series.windowStart(END + 12))).post("/api/v1/alert-rules")
                .then().statusCode(201);
        run.run(Series.nowAfter(END));
        assertEquals(0, db.count("select count(*) from series_silence"), "held during maintenance");
        run.run(Series.nowAfter(END + 12));
        given().get("/api/v1/silence").then().body("size()", equalTo(1))
                .body("[0].detectedAt", equalTo(Series.windowStart(END + 12).toString()));
        assertEquals(1, events(SilenceEvents.STARTED));
    }

    @Test
    void aFeederWhoseMetersStopTogetherIsOneSilenceOfTheFeeder() {
        for (int f = 1; f <= 3; f++) {
            for (int m = 0; m < 5; m++) {
                Map<String, String> dims = Map.of("meter", "f" + f + "m" + m, "feeder", "f" + f, "region", "north");
                int stop = f == 2 ? END - 12 : END;
                Readings.post("power", dims, 0, stop, i -> 1 + i % 3);
                Readings.post("voltage", dims, 0, stop, i -> 230 + i % 3);
            }
        }
        // a meter of another feeder stopping by itself the same pass is reported alone
        Readings.post("power", Map.of("meter", "x", "feeder", "f9", "region", "south"), 0, END - 12, i -> 1);
        run.run(Series.nowAfter(END));
        assertEquals(11, db.count("select count(*) from series_silence"));
        assertEquals(10, db.count("select count(*) from series_silence where outcome = 'scoped' "
                + "and scope = '{\"feeder\":\"f2\"}'"));
        assertEquals(1, events(SilenceEvents.STARTED), "only the lone meter is reported by itself");
        assertEquals(1, events(SilenceEvents.SCOPE_STARTED));
        JsonPath scope = new JsonPath((String) db.rows("select payload::text as p from alert_outbox "
                + "where payload->>'type' = ?", SilenceEvents.SCOPE_STARTED).get(0).get("p"));
        assertEquals("silence/feeder=f2", scope.getString("subject"));
        assertEquals("f2", scope.getString("data.scope.feeder"));
        assertEquals(10, scope.getInt("data.series"));
        assertEquals(5, scope.getInt("data.entities"));
        given().get("/api/v1/silence").then().body("findAll { it.scope?.feeder == 'f2' }.size()", equalTo(10));

        // the feeder comes back meter by meter: the scope ends with its last meter, once
        for (int m = 0; m < 5; m++) {
            Map<String, String> dims = Map.of("meter", "f2m" + m, "feeder", "f2", "region", "north");
            Readings.post("power", dims, END + m, END + m + 1, i -> 1);
            Readings.post("voltage", dims, END + m, END + m + 1, i -> 230);
            run.run(Series.nowAfter(END + m + 1));
            assertEquals(m == 4 ? 1 : 0, events(SilenceEvents.SCOPE_ENDED), "after meter " + m);
        }
        assertEquals(0, events(SilenceEvents.ENDED), "no scoped series is reported by itself");
    }

    @Test
    void aFleetThatFallsSilentAtOnceIsOneSilenceOfTheFleet() {
        int fleet = 103;
        for (int m = 0; m < fleet; m++) {
            Readings.post("current", meter("m" + m), 0, 4, i -> 4 + i);
        }
        run.run(Series.nowAfter(20));
        assertEquals(fleet, db.count("select count(*) from series_silence where scope = '{}'"));
        assertEquals(0, events(SilenceEvents.STARTED));
        assertEquals(1, events(SilenceEvents.SCOPE_STARTED));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = ? "
                + "and payload->>'subject' = 'silence/fleet' and (payload->'data'->>'series')::int = ?",
                SilenceEvents.SCOPE_STARTED, fleet));
    }

    @Test
    void unrelatedSilencesPastTheCapAreOneSummary() {
        // series without dimensions share no scope: each is reported alone, up to the cap
        int many = 103;
        for (int m = 0; m < many; m++) {
            Readings.post("current" + m, Map.of(), 0, 4, i -> 4 + i);
        }
        run.run(Series.nowAfter(20));
        assertEquals(many, db.count("select count(*) from series_silence"));
        assertEquals(100, events(SilenceEvents.STARTED));
        assertEquals(many - 100, db.count("select count(*) from series_silence where outcome = 'capped'"));
        JsonPath summary = new JsonPath((String) db.rows("select payload::text as p from alert_outbox "
                + "where payload->>'type' = ?", SilenceEvents.CAPPED).get(0).get("p"));
        assertEquals(many, summary.getInt("data.silent"));
        assertEquals(100, summary.getInt("data.reported"));
        assertEquals(many - 100, summary.getInt("data.held"));
        assertEquals(20, summary.getList("data.metrics").size());

        // their return ends every episode; only the reported ones send an ended event
        for (int m = 0; m < many; m++) {
            Readings.post("current" + m, Map.of(), 21, 23, i -> 4);
        }
        run.run(Series.nowAfter(23));
        assertEquals(0, db.count("select count(*) from series_silence where ended_at is null"));
        assertEquals(100, events(SilenceEvents.ENDED));
    }

    @Test
    void aRuleSetsItsSeriesOwnThresholdOrTurnsSilenceOff() {
        rule("{\"name\": \"events\", \"metric\": \"door\", \"silence\": \"off\"}");
        rule("{\"name\": \"fast\", \"metric\": \"pulse\", \"silence\": \"PT10M\"}");
        rule("{\"name\": \"slow\", \"metric\": \"voltage\", \"silence\": \"PT2H\"}");
        Readings.post("door", meter("m1"), 0, END - 12, i -> i % 2);
        Readings.post("pulse", meter("m1"), 0, END - 3, i -> 60 + i % 4);
        Readings.post("voltage", meter("m1"), 0, END - 12, i -> 230 + i % 3);
        Readings.post("power", meter("m1"), 0, END - 3, i -> 3 + i % 2);
        run.run(Series.nowAfter(END));
        // pulse: silent 20 minutes, past its rule's 10; power (default 30 minutes), voltage (2 hours) and door: not
        given().get("/api/v1/silence").then().body("seriesKey", equalTo(List.of("pulse{meter=m1}")));
        run.run(Series.nowAfter(END + 24));
        given().get("/api/v1/silence").then().body("seriesKey.sort()", equalTo(List.of("power{meter=m1}",
                "pulse{meter=m1}", "voltage{meter=m1}")));
        given().get("/api/v1/alert-rules").then().body("find { it.name == 'events' }.silence", equalTo("off"))
                .body("find { it.name == 'fast' }.silence", equalTo("PT10M"));
        given().get("/api/v1/alert-rules/default").then().body("silence", equalTo(null));
    }

    @Test
    void aRuleWithABadSilenceIsRefusedNamingIt() {
        for (String bad : List.of("\"PT1M\"", "\"P4D\"", "\"sometimes\"", "5", "true")) {
            given().contentType("application/json").body("{\"name\": \"x\", \"silence\": " + bad + "}")
                    .post("/api/v1/alert-rules").then().statusCode(400).body("field", equalTo("silence"));
        }
        given().contentType("application/json").body("{\"name\": \"x\", \"group\": \"meters\", "
                + "\"silence\": \"PT1H\"}").post("/api/v1/alert-rules").then().statusCode(400)
                .body("field", equalTo("silence"));
        assertEquals(0, db.count("select count(*) from alert_rule"));
    }

    private static void rule(String body) {
        given().contentType("application/json").body(body).post("/api/v1/alert-rules").then().statusCode(201);
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        given().get("/api/v1/silence?status=closed").then().statusCode(400).body("field", equalTo("status"));
        given().get("/api/v1/silence?limit=0").then().statusCode(400).body("field", equalTo("limit"));
        given().get("/api/v1/silence?limit=abc").then().statusCode(400).body("field", equalTo("limit"));
    }
}
