package dev.vigil.groups;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.aggregation.SeriesKey;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Meters;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * notAnomaly on a group entity changes what comes next, on real PostgreSQL: two meters share a benign nightly
 * pattern (power up, temperature down at 02:00 for 30 minutes); the one marked stops alerting on it, the control
 * keeps alerting, and a different fault (a voltage dip) or the same pattern three times as strong still alerts.
 */
@QuarkusTest
class GroupFeedbackTest {

    static final int DAY = 288;
    static final int NIGHT = 24; // 02:00
    static final int HISTORY = 3 * DAY;

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    GroupTraining training;

    @BeforeEach
    void clean() {
        db.reset();
    }

    /** Day 3 on: the pattern each night, three times as strong on day 6; day 5 at 14:00 a voltage dip. */
    private static double pattern(int i) {
        boolean night = i >= HISTORY && i % DAY >= NIGHT && i % DAY < NIGHT + 6;
        return night ? (i / DAY == 6 ? 6.0 : 2.0) : 0;
    }

    private static double dip(int i) {
        return i >= 5 * DAY + 168 && i < 5 * DAY + 174 ? -10 : 0;
    }

    @Test
    void notAnomalyOnAGroupEntityStopsItsPatternWhileADifferentOrStrongerAnomalyStillAlerts() {
        given().contentType("application/json").body(GroupAlertRulesTest.GROUP).post("/api/v1/admin/groups").then()
                .statusCode(201);
        given().contentType("application/json").body("{\"name\":\"meters\",\"group\":\"meters\",\"snooze\":\"PT0S\"}")
                .post("/api/v1/alert-rules").then().statusCode(201);
        Meters.post("m1", 0, HISTORY, Integer.MAX_VALUE, 0, 7);
        Meters.post("m2", 0, HISTORY, Integer.MAX_VALUE, 0, 8);
        training.trainNew(Meters.windowStart(HISTORY));
        Meters.post("m1", HISTORY, 4 * DAY, GroupFeedbackTest::pattern, GroupFeedbackTest::dip, 7);
        Meters.post("m2", HISTORY, 4 * DAY, GroupFeedbackTest::pattern, GroupFeedbackTest::dip, 8);
        run.run(GroupAlertRulesTest.runAt(4 * DAY));
        assertTrue(alerted("m1", 3, NIGHT) > 0, "the first night alerts on both meters");
        assertTrue(alerted("m2", 3, NIGHT) > 0);

        String entity = Long.toString(SeriesKey.of("meters", Map.of("meter", "m1")).id());
        given().contentType("application/json").body("{\"group\":\"meters\",\"entityId\":\"" + entity
                + "\",\"from\":\"" + Meters.windowStart(3 * DAY + NIGHT) + "\",\"to\":\""
                + Meters.windowStart(3 * DAY + NIGHT + 6) + "\",\"kind\":\"notAnomaly\",\"comment\":\"heat pump\"}")
                .post("/api/v1/feedback").then().statusCode(201).body("[0].group", equalTo("meters"))
                .body("[0].entityId", equalTo(entity)).body("[0].seriesKey", equalTo("meters{meter=m1}"))
                .body("[0].givenBy", equalTo("anonymous"));
        given().queryParam("group", "meters").queryParam("entityId", entity).get("/api/v1/feedback").then()
                .statusCode(200).body("size()", equalTo(1)).body("[0].comment", equalTo("heat pump"));

        Meters.post("m1", 4 * DAY, 7 * DAY, GroupFeedbackTest::pattern, GroupFeedbackTest::dip, 7);
        Meters.post("m2", 4 * DAY, 7 * DAY, GroupFeedbackTest::pattern, GroupFeedbackTest::dip, 8);
        run.run(GroupAlertRulesTest.runAt(7 * DAY));

        for (int day = 4; day <= 5; day++) {
            assertEquals(0, alerted("m1", day, NIGHT), "the marked pattern no longer alerts on day " + day);
            assertTrue(decided("m1", day, NIGHT, "feedback") > 0, "it is decided feedback on day " + day);
            assertTrue(alerted("m2", day, NIGHT) > 0, "the control still alerts on day " + day);
        }
        assertTrue(alerted("m1", 5, 168) > 0, "a voltage dip is another anomaly: it alerts");
        assertTrue(alerted("m1", 6, NIGHT) > 0, "the pattern three times as strong alerts");
        assertEquals(0, db.count("select count(*) from alert_outbox where payload->>'type' = ? and "
                + "payload->'data'->>'entityKey' = 'meters{meter=m1}' and "
                + "(payload->'data'->>'windowStart')::timestamptz in (?::timestamptz, ?::timestamptz)",
                "dev.vigil.group.anomaly.detected.v1", Meters.windowStart(4 * DAY + NIGHT).toString(),
                Meters.windowStart(5 * DAY + NIGHT).toString()));
    }

    @Test
    void anAnomalyOfAGroupWithALongerStepIsOneRowOfThatStep() {
        given().contentType("application/json").body("{\"name\":\"halfhours\",\"metrics\":[\"power\","
                + "\"current\",\"voltage\",\"temperature\"],\"by\":[\"meter\"],\"step\":\"PT30M\"}")
                .post("/api/v1/admin/groups").then().statusCode(201);
        Meters.post("m1", 0, HISTORY, Integer.MAX_VALUE, 0, 7);
        training.trainNew(Meters.windowStart(HISTORY));
        String entity = Long.toString(SeriesKey.of("halfhours", Map.of("meter", "m1")).id());
        String row = Meters.windowStart(2 * DAY + NIGHT).toString(); // 02:00, on the half-hour grid
        given().contentType("application/json").body("{\"group\":\"halfhours\",\"entityId\":\"" + entity
                + "\",\"windowStart\":\"" + row + "\",\"kind\":\"anomaly\"}").post("/api/v1/feedback").then()
                .statusCode(201).body("[0].from", equalTo(row))
                .body("[0].to", equalTo(Meters.windowStart(2 * DAY + NIGHT + 6).toString()));
        // 02:05 starts a stored 5-minute window but none of the group's rows
        given().contentType("application/json").body("{\"group\":\"halfhours\",\"entityId\":\"" + entity
                + "\",\"windowStart\":\"" + Meters.windowStart(2 * DAY + NIGHT + 1) + "\",\"kind\":\"anomaly\"}")
                .post("/api/v1/feedback").then().statusCode(400).body("code", equalTo("InvalidFeedback"))
                .body("field", equalTo("windowStart")).body("message", equalTo("windowStart must be the start of "
                        + "one of group halfhours's rows (a multiple of its step, PT30M), as its anomaly gives it"));
        // a row after the meter's last reading holds nothing to give feedback on
        given().contentType("application/json").body("{\"group\":\"halfhours\",\"entityId\":\"" + entity
                + "\",\"windowStart\":\"" + Meters.windowStart(HISTORY + 12) + "\",\"kind\":\"anomaly\"}")
                .post("/api/v1/feedback").then().statusCode(422).body("code", equalTo("NoWindows"))
                .body("field", equalTo("windowStart"));
        assertEquals(1, db.count("select count(*) from feedback"));
    }

    private long alerted(String meter, int day, int slot) {
        return decided(meter, day, slot, "alerted");
    }

    /** Decisions of this outcome on the meter's entity in the 30 minutes from the slot of the day. */
    private long decided(String meter, int day, int slot, String outcome) {
        return db.count("select count(*) from group_decision where entity_id = ? and outcome = ? "
                + "and window_start >= ?::timestamptz and window_start < ?::timestamptz",
                SeriesKey.of("meters", Map.of("meter", meter)).id(), outcome,
                Meters.windowStart(day * DAY + slot).toString(), Meters.windowStart(day * DAY + slot + 6).toString());
    }
}
