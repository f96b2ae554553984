package dev.vigil.hooks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alerting.AlertEvents;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.HookReceiver;
import dev.vigil.testing.HookReceiver.Received;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Rules;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hook's maxAge on real PostgreSQL: one run that alerts on a window hours old (as a backfill does) and on a fresh
 * one sends the hook with maxAge only the fresh alert, keeps the stale one as skipped and counts it, while a hook
 * without maxAge gets both; maxAge is shown, put back, kept by a PUT without it and cleared by null.
 */
@QuarkusTest
class HookMaxAgeTest {

    private static final String HOOKS = "/api/v1/admin/hooks";
    private static final Duration WINDOW = Duration.ofMinutes(5);

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    HookDispatcher dispatcher;

    HookReceiver receiver;

    @BeforeEach
    void clean() {
        db.reset();
        receiver = new HookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private JsonPath hook(String name, String extra) {
        return given().contentType("application/json").body("{\"name\": \"" + name + "\", \"url\": \""
                + receiver.url("/in/" + name) + "\"" + extra + "}").post(HOOKS).then().statusCode(201).extract()
                .jsonPath();
    }

    private long deliveries(long hookId, String state, String type) {
        return db.count("select count(*) from hook_delivery where hook_id = ? and state = ? and event_type = ?",
                hookId, state, type);
    }

    @Test
    void aHookWithMaxAgeGetsTheFreshAlertAndCountsTheStaleOneAsSkipped() {
        Rules.create("""
                {"name": "statutory", "metric": "voltage", "limits": {"lower": 207, "upper": 253}, "snooze": "PT0S"}""");
        long aged = hook("aged", ", \"maxAge\": \"PT1H\"").getLong("hook.id");
        long all = hook("all", "").getLong("hook.id");
        // windows up to the last one closed by now: the age is measured against the time the alert is written
        int end = (int) (Duration.between(Series.START, Instant.now()).toSeconds() / WINDOW.toSeconds()) - 1;
        int stale = end - 50; // its window ended about four hours before the run
        int fresh = end - 2;
        Readings.post("voltage", Map.of("meter", "m1"), end - 60, end,
                i -> i == stale ? 260 : i == fresh ? 200 : 230 + (i % 3));
        run.run(Series.nowAfter(end));

        String anomaly = AlertEvents.TYPE;
        assertEquals(2, db.count("select count(*) from alert_outbox where payload->>'type' = ?", anomaly));
        assertEquals(1, deliveries(aged, "skipped", anomaly), "the stale alert is kept as skipped");
        assertEquals(1, deliveries(aged, "pending", anomaly), "the fresh alert is sent");
        assertEquals(2, deliveries(all, "pending", anomaly), "a hook without maxAge gets both");
        assertEquals(0, db.count("select count(*) from hook_delivery where state = 'skipped' and event_type <> ?",
                anomaly), "events without a window (incidents) are never skipped");

        dispatcher.pass().await();
        List<Received> got = receiver.received().stream().filter(r -> r.path().equals("/in/aged"))
                .filter(r -> JsonPath.from(r.body()).getString("type").equals(anomaly)).toList();
        assertEquals(1, got.size());
        assertEquals(Series.windowStart(fresh).toString(), JsonPath.from(got.get(0).body()).getString(
                "data.windowStart"));
        assertEquals(2, receiver.received().stream().filter(r -> r.path().equals("/in/all"))
                .filter(r -> JsonPath.from(r.body()).getString("type").equals(anomaly)).count());

        given().get(HOOKS + "/" + aged).then().statusCode(200).body("maxAge", equalTo("PT1H"))
                .body("skipped", equalTo(1)).body("pending", equalTo(0));
        given().get(HOOKS + "/" + all).then().statusCode(200).body("maxAge", nullValue()).body("skipped", equalTo(0));
        List<Map<String, Object>> skipped = given().get(HOOKS + "/" + aged + "/deliveries?state=skipped").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, skipped.size());
        assertEquals(0, skipped.get(0).get("attempts"));

        // an operator may send a skipped one after all
        given().post(HOOKS + "/" + aged + "/deliveries/" + skipped.get(0).get("eventId") + "/retry").then()
                .statusCode(200).body("state", equalTo("pending"));
        dispatcher.pass().await();
        assertTrue(receiver.received().stream().anyMatch(r -> r.path().equals("/in/aged")
                && Series.windowStart(stale).toString().equals(JsonPath.from(r.body()).getString("data.windowStart"))));
        given().get(HOOKS + "/" + aged).then().body("skipped", equalTo(0));
    }

    @Test
    void maxAgeIsShownPutBackKeptAndClearedAndABadOneIsRefused() {
        JsonPath created = hook("desk", ", \"maxAge\": \"P1D\"");
        long id = created.getLong("hook.id");
        assertEquals("PT24H", created.getString("hook.maxAge"), "shown as ISO-8601 (java.time prints days as hours)");
        String asRead = given().get(HOOKS + "/" + id).then().statusCode(200).body("maxAge", equalTo("PT24H"))
                .extract().asString();
        given().contentType("application/json").body(asRead).put(HOOKS + "/" + id).then().statusCode(200)
                .body("maxAge", equalTo("PT24H"));
        given().contentType("application/json").body("{\"name\": \"desk\", \"url\": \"" + receiver.url("/in/desk")
                + "\"}").put(HOOKS + "/" + id).then().statusCode(200).body("maxAge", equalTo("PT24H"));
        given().contentType("application/json").body("{\"name\": \"desk\", \"url\": \"" + receiver.url("/in/desk")
                + "\", \"maxAge\": null}").put(HOOKS + "/" + id).then().statusCode(200).body("maxAge", nullValue());
        for (String bad : List.of("\"-PT6H\"", "\"PT0S\"", "\"six hours\"", "\"P9999D\"")) {
            given().contentType("application/json").body("{\"name\": \"desk\", \"url\": \"" + receiver.url("/in")
                    + "\", \"maxAge\": " + bad + "}").put(HOOKS + "/" + id).then().statusCode(400)
                    .body("code", equalTo("InvalidHook")).body("field", equalTo("maxAge"));
            given().contentType("application/json").body("{\"name\": \"other\", \"url\": \"" + receiver.url("/in")
                    + "\", \"maxAge\": " + bad + "}").post(HOOKS).then().statusCode(400)
                    .body("code", equalTo("InvalidHook")).body("field", equalTo("maxAge"));
        }
        given().get(HOOKS + "/" + id).then().body("maxAge", nullValue()).body("url", equalTo(receiver.url("/in/desk")));
        assertEquals(1, db.count("select count(*) from alert_hook"), "nothing half-stored");
    }
}
