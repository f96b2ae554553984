package dev.vigil.groups;

import static dev.vigil.testing.DailyMeters.day;
import static dev.vigil.testing.DailyMeters.morning;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.DailyMeters;
import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A daily group end to end through the public API, on the real PostgreSQL and Kafka: six meters of one site read
 * once a day ({@link DailyMeters}: a shared weekly cycle, winter high, and the day's weather), a rule of step
 * {@code P1D} trained on a year of them, then a fortnight judged each morning as a live fleet is. On one day one
 * meter jumps by half while the others stay: the group's result for that day is an anomaly led by that meter,
 * alerted once, and no other day is one (README "Groups": a coarse group's rows are scored alone).
 */
@QuarkusTest
class DailyGroupTest {

    static final int HISTORY = 365;
    static final int END = HISTORY + 14;
    static final int FAULT = HISTORY + 11;
    static final String RULE = "{\"name\":\"site-meters\",\"metrics\":[\"energy_kwh\"],\"by\":[\"site\"],"
            + "\"step\":\"P1D\",\"trainingSpan\":\"P365D\"}";

    @Inject
    Db db;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDailyGroupTrainedOnAYearNamesTheMeterThatJumpedAlone() {
        given().contentType("application/json").body(RULE).post("/api/v1/admin/groups").then().statusCode(201)
                .body("step", equalTo("P1D")).body("trainingSpan", equalTo("P365D"));
        DailyMeters.post(0, HISTORY, FAULT);
        JsonPath round = given().contentType("application/json").body("{\"at\":\"" + morning(HISTORY) + "\"}")
                .post("/api/v1/groups/site-meters/training").then().statusCode(200).extract().jsonPath();
        assertEquals(1, round.getInt("ready"), round.prettify());
        assertEquals(day(HISTORY).toString(), round.getString("trainTo"));
        Map<String, Object> model = given().get("/api/v1/groups/site-meters/models").then().statusCode(200)
                .extract().jsonPath().getMap("[0]");
        assertEquals("READY", model.get("status"), String.valueOf(model.get("reason")));
        assertEquals("P1D", model.get("step"));
        given().get("/api/v1/groups").then().statusCode(200).body("[0].step", equalTo("P1D"))
                .body("[0].trainingSpan", equalTo("P365D"));
        assertEquals(HISTORY, model.get("rowsUsed"), "a row per day of the year");
        assertEquals(DailyMeters.METERS, ((List<?>) model.get("variables")).size());

        // each morning the day before arrives and a run judges it, as a live fleet's would be
        for (int d = HISTORY; d < END; d++) {
            DailyMeters.post(d, d + 1, FAULT);
            given().contentType("application/json").body("{\"at\":\"" + morning(d + 1) + "\"}")
                    .post("/api/v1/detection/runs").then().statusCode(200);
        }
        String entity = (String) model.get("entityId");
        assertEquals(END - HISTORY, db.count("select count(*) from group_result where group_name = 'site-meters'"),
                "every new day judged once");

        JsonPath days = given().queryParam("from", day(HISTORY).toString()).queryParam("to", day(END).toString())
                .get("/api/v1/groups/site-meters/entities/" + entity + "/results").then().statusCode(200).extract()
                .jsonPath();
        List<Map<String, Object>> results = days.getList("$");
        assertEquals(END - HISTORY, results.size());
        Map<String, Object> fault = results.stream().filter(r -> day(FAULT).toString().equals(r.get("windowStart")))
                .findFirst().orElseThrow();
        assertEquals(true, fault.get("anomaly"), "one meter up by half while the others stay: " + fault);
        List<Map<String, Object>> parts = (List<Map<String, Object>>) fault.get("interpretation");
        assertEquals(DailyMeters.FAULTY, parts.get(0).get("variable"), "the meter that jumped leads");
        assertTrue(((Number) parts.get(0).get("contribution")).doubleValue() > 0.5, String.valueOf(parts));
        // a day's row is scored alone: a mean with the row before put half of the fault on the next day, flagged too
        List<Object> others = results.stream().filter(r -> Boolean.TRUE.equals(r.get("anomaly"))
                && !day(FAULT).toString().equals(r.get("windowStart"))).map(r -> r.get("windowStart")).toList();
        assertEquals(List.of(), others, "no other day is an anomaly");

        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = ? "
                + "and payload->'data'->>'windowStart' = ? and payload->'data'->>'windowEnd' = ?",
                "dev.vigil.group.anomaly.detected.v1", day(FAULT).toString(), day(FAULT + 1).toString()),
                "the alert's window is the day");
        given().queryParam("period", "P7D").get("/api/v1/groups/site-meters/entities").then().statusCode(200)
                .body("[0].entityKey", equalTo("site-meters{site=s1}")).body("[0].anomalies", equalTo(1));
    }
}
