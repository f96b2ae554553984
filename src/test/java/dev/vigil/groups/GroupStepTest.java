package dev.vigil.groups;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.aggregation.SeriesKey;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.storage.GroupAggregate;
import dev.vigil.storage.GroupStore;
import dev.vigil.storage.GroupStore.WindowPoint;
import dev.vigil.testing.Db;
import dev.vigil.testing.Meters;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A group rule with a coarser step than the 5-minute window, on the real PostgreSQL: cells aggregate their windows
 * by the rule's statistic, and hourly meters (which leave 11 of 12 five-minute cells empty) train, score and alert
 * at {@code PT1H}.
 */
@QuarkusTest
class GroupStepTest {

    static final Duration HOUR = Duration.ofHours(1);
    static final int HISTORY = 480; // 20 days of hours
    static final int FAULT = 500;
    static final int END = 510;

    @Inject
    Db db;
    @Inject
    GroupStore store;
    @Inject
    GroupTraining training;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void aCellAggregatesItsWindowsByTheRulesStatisticWeightedByTheirCounts() {
        Instant hour = Meters.START;
        // 10:00-10:05 holds three readings of 1, 10:20-10:25 one of 10; the next hour one of 4
        post(hour.plusSeconds(10), 1);
        post(hour.plusSeconds(20), 1);
        post(hour.plusSeconds(30), 1);
        post(hour.plusSeconds(1210), 10);
        post(hour.plus(HOUR).plusSeconds(60), 4);
        long[] id = {SeriesKey.of("load", Map.of("site", "s1")).id()};
        Instant to = hour.plus(HOUR.multipliedBy(2));
        Map<GroupAggregate, Double> expected = Map.of(GroupAggregate.MEAN, 13 / 4.0, GroupAggregate.SUM, 13.0,
                GroupAggregate.MIN, 1.0, GroupAggregate.MAX, 10.0, GroupAggregate.COUNT, 4.0, GroupAggregate.LAST, 10.0);
        expected.forEach((aggregate, value) -> {
            List<WindowPoint> cells = store.windows(id, hour, to, aggregate, HOUR);
            assertEquals(2, cells.size(), aggregate.label());
            assertEquals(hour, cells.get(0).start());
            assertEquals(value, cells.get(0).value(), 1e-9, aggregate.label());
            assertEquals(hour.plus(HOUR), cells.get(1).start());
        });
        // the revision of a cell counts its windows' merges: a late reading in either window changes it
        int before = store.windows(id, hour, to, GroupAggregate.MEAN, HOUR).get(0).revision();
        post(hour.plusSeconds(1230), 13);
        assertEquals(before + 1, store.windows(id, hour, to, GroupAggregate.MEAN, HOUR).get(0).revision());
        assertEquals(3, store.windows(id, hour, to, GroupAggregate.MEAN, Duration.ofMinutes(5)).size(),
                "at the window's own step every window is its own cell");
    }

    @Test
    void hourlyMetersTrainAndScoreAtAnHourlyStep() {
        given().contentType("application/json").body("{\"name\":\"five\",\"metrics\":[\"power\",\"current\","
                + "\"voltage\",\"temperature\"],\"by\":[\"meter\"]}").post("/api/v1/admin/groups").then()
                .statusCode(201).body("step", equalTo("PT5M"));
        given().contentType("application/json").body("{\"name\":\"meters\",\"metrics\":[\"power\",\"current\","
                + "\"voltage\",\"temperature\"],\"by\":[\"meter\"],\"step\":\"PT1H\"}").post("/api/v1/admin/groups")
                .then().statusCode(201).body("step", equalTo("PT1H"));
        Meters.post("m1", HOUR, 0, HISTORY, Integer.MAX_VALUE, 0, 5);
        training.trainNew(at(HISTORY));

        Map<String, Object> hourly = given().get("/api/v1/groups/meters/models").then().statusCode(200).extract()
                .jsonPath().getMap("[0]");
        assertEquals("READY", hourly.get("status"), String.valueOf(hourly.get("reason")));
        assertEquals(HISTORY, hourly.get("rowsUsed"));
        assertEquals("PT1H", hourly.get("step"));
        Map<String, Object> fine = given().get("/api/v1/groups/five/models").then().statusCode(200).extract()
                .jsonPath().getMap("[0]");
        assertEquals("FAILED", fine.get("status"), "at 5 minutes 11 of 12 cells of hourly readings are empty");

        Meters.post("m1", HOUR, HISTORY, END, FAULT, 2.0, 5);
        // a run in the middle of an hour scores only the hours that closed before it
        run.run(at(END).minus(Duration.ofMinutes(27)));
        String entity = (String) hourly.get("entityId");
        assertEquals(END - 1 - HISTORY, db.count("select count(*) from group_result where group_name = 'meters'"));
        run.run(at(END).plus(Duration.ofMinutes(3)));
        assertEquals(END - HISTORY, db.count("select count(*) from group_result where group_name = 'meters'"));
        assertEquals(0, db.count("select count(*) from group_result where group_name = 'meters' "
                + "and extract(minute from window_start) <> 0"), "results sit on the hours");

        JsonPath anomalies = given().queryParam("from", at(HISTORY).toString()).queryParam("to", at(END).toString())
                .queryParam("anomalies", "true").get("/api/v1/groups/meters/entities/" + entity + "/results")
                .then().statusCode(200).extract().jsonPath();
        assertFalse(anomalies.getList("$").isEmpty(), "the fault is an anomaly at the hourly step");
        assertEquals(at(FAULT).toString(), anomalies.getString("[0].windowStart"));
        List<Map<String, Object>> parts = anomalies.getList("[0].interpretation");
        assertEquals(Set.of("power", "temperature"), Set.of(parts.get(0).get("variable"), parts.get(1).get("variable")));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->'data'->>'windowStart' = ? "
                + "and payload->'data'->>'windowEnd' = ?", at(FAULT).toString(), at(FAULT + 1).toString()),
                "the alert's window is the hour");
    }

    static Instant at(int hour) {
        return Meters.START.plus(HOUR.multipliedBy(hour));
    }

    private static void post(Instant t, double value) {
        given().contentType("application/json").body("[{\"metric\":\"load\",\"dimensions\":{\"site\":\"s1\"},"
                + "\"timestamp\":\"" + t + "\",\"value\":" + value + "}]").post("/readings").then().statusCode(200);
    }
}
