package dev.vigil.scheduling;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.storage.WindowHistory;
import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Series;
import dev.vigil.testing.StepDetector;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Level shifts as their own result kind, on real PostgreSQL: a verdict with reason {@code level} becomes a stored
 * change point in the scoring transaction, readable per series; a re-scored window that no longer says so loses
 * it. The detector is {@link StepDetector}, so the test is about the pipeline, not about when the maths sees a
 * shift.
 */
@QuarkusTest
class ChangePointsTest {

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    DetectionConfig config;
    @Inject
    WindowHistory history;

    @BeforeEach
    void clean() {
        db.reset();
        StepDetector.install(config, history);
    }

    private static String id(String meter) {
        return given().queryParam("q", "meter=" + meter).get("/api/v1/series").then().extract().path("items[0].id");
    }

    private static String changePoints(String id) {
        return "/api/v1/series/" + id + "/change-points?from=" + Series.windowStart(0) + "&to="
                + Series.windowStart(400);
    }

    @Test
    void aLevelShiftIsStoredReadableAndGoneWhenItsWindowIsRevised() {
        Readings.post("load", Map.of("meter", "m1"), 0, 300, i -> i < 200 ? 10 : 30);
        Readings.post("load", Map.of("meter", "m2"), 0, 300, i -> 10);
        run.run(Series.nowAfter(300));

        String id = id("m1");
        given().get(changePoints(id)).then().statusCode(200).body("$", hasSize(1))
                .body("[0].at", equalTo(Series.windowStart(200).toString()))
                .body("[0].direction", equalTo("up"))
                .body("[0].magnitude", equalTo(20.0f))
                .body("[0].levelBefore", equalTo(10.0f))
                .body("[0].value", equalTo(30.0f))
                .body("[0].detector", equalTo("test-step"))
                .body("[0].kind", equalTo("level"));
        // the window's own result says the same
        given().get("/api/v1/series/" + id + "/results?from=" + Series.windowStart(200) + "&to="
                + Series.windowStart(201)).then().body("[0].reason", equalTo("level"));
        given().get(changePoints(id("m2"))).then().statusCode(200).body("$", hasSize(0));
        assertEquals(1, db.count("select count(*) from change_point"));

        // a late reading pulls the window's mean back to the old level: rejudged, it is no shift any more
        Series.at("load", "m1", 200, -10);
        run.run(Series.nowAfter(301));
        given().get("/api/v1/series/" + id + "/results?from=" + Series.windowStart(200) + "&to="
                + Series.windowStart(201)).then().body("[0].value", equalTo(10.0f)).body("[0].anomaly", equalTo(false));
        given().get(changePoints(id)).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void aChangeOfSlopeIsStoredAsATrend() {
        Readings.post("load", Map.of("meter", "m1"), 0, 300, i -> i < 200 ? 10 : 210);
        run.run(Series.nowAfter(300));

        given().get(changePoints(id("m1"))).then().statusCode(200).body("$", hasSize(1))
                .body("[0].at", equalTo(Series.windowStart(200).toString()))
                .body("[0].kind", equalTo("trend"))
                .body("[0].magnitude", equalTo(200.0f));
    }

    @Test
    void badParametersAndUnknownSeriesAreRefused() {
        Readings.post("load", Map.of("meter", "m1"), 0, 10, i -> 10);
        String id = id("m1");
        given().get("/api/v1/series/" + id + "/change-points?from=yesterday").then().statusCode(400)
                .body("field", equalTo("from"));
        given().get("/api/v1/series/" + id + "/change-points?from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z")
                .then().statusCode(400).body("field", equalTo("from"));
        given().get("/api/v1/series/" + id + "/change-points?limit=0").then().statusCode(400)
                .body("field", equalTo("limit"));
        given().get("/api/v1/series/424242/change-points").then().statusCode(404);
    }
}
