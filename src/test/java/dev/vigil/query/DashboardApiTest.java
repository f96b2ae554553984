package dev.vigil.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The endpoints behind the dashboard: overview, the ranked series list and the downsampled chart. */
@QuarkusTest
class DashboardApiTest {

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    /** Two steady series of 1,201 windows (past the detector's warm-up); voltage{meter=q1} ends with a spike. */
    void seedAndDetect() {
        Series.steady("voltage", "q1", 1200, 21);
        Series.steady("current", "q2", 1201, 22);
        Series.at("voltage", "q1", 1200, 99);
        run.run(Series.nowAfter(1201));
    }

    @Test
    void overviewBeforeAnyData() {
        given().get("/api/v1/overview").then().statusCode(200)
                .body("series.value", equalTo(0)).body("series.estimated", equalTo(false))
                .body("windows.value", equalTo(0)).body("lastRun", nullValue())
                // the schedule is off in tests
                .body("nextRun", nullValue())
                .body("alertBacklog", equalTo(0)).body("recentAnomalies", hasSize(0));
    }

    @Test
    void overviewAfterARun() {
        seedAndDetect();
        given().get("/api/v1/overview").then().statusCode(200)
                .body("series.value", equalTo(2)).body("windows.value", equalTo(2402))
                .body("lastRun.windowsScored", equalTo(2402))
                .body("recentAnomalies.seriesKey", hasItem("voltage{meter=q1}"))
                .body("recentAnomalies.size()", lessThanOrEqualTo(10));
    }

    @Test
    void seriesListFiltersSortsAndCountsAnomaliesInThePeriodBeforeTheLastRun() {
        seedAndDetect();
        given().queryParam("sort", "anomalies").get("/api/v1/series").then().statusCode(200)
                .body("total", equalTo(2)).body("items[0].key", equalTo("voltage{meter=q1}"))
                .body("items[0].anomalies", greaterThanOrEqualTo(1))
                .body("items[0].maxSeverity", greaterThanOrEqualTo(0.5f))
                .body("items[0].dimensions.meter", equalTo("q1"))
                .body("until", equalTo(Series.windowStart(1201).toString()));
        given().queryParam("sort", "severity").get("/api/v1/series").then()
                .body("items[0].key", equalTo("voltage{meter=q1}"));
        given().get("/api/v1/series").then().body("items.key", equalTo(List.of("current{meter=q2}",
                "voltage{meter=q1}")));
        given().queryParam("q", "METER=Q1").get("/api/v1/series").then().body("total", equalTo(1));
        given().queryParam("metric", "current").queryParam("sort", "anomalies").get("/api/v1/series").then()
                .body("total", equalTo(1)).body("items[0].key", equalTo("current{meter=q2}"));
        // LIKE wildcards in the search text are matched literally
        given().queryParam("q", "%").get("/api/v1/series").then().body("total", equalTo(0));
        // a period that ends before the spike sees no anomaly there
        given().queryParam("sort", "anomalies").queryParam("until", Series.windowStart(1200).toString())
                .queryParam("period", "PT1H").get("/api/v1/series").then()
                .body("items.anomalies", everyItem(equalTo(0)));
    }

    @Test
    void searchFindsDimensionTextAsThePageShowsItThoughTheKeyEscapesIt() {
        given().contentType("application/json").body("{\"readings\":[{\"metric\":\"cpu\",\"dimensions\":"
                + "{\"host\":\"<img src=x onerror=alert(1)>\",\"path\":\"a, b\\\\c\"},"
                + "\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1},{\"metric\":\"cpu\",\"dimensions\":"
                + "{\"host\":\"plain\"},\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}]}")
                .post("/readings").then().statusCode(200);
        for (String q : List.of("host=<img src=x onerror=alert(1)>", "onerror=alert", "HOST=<IMG", "path=a, b\\c",
                "a, b", "x onerror")) {
            given().queryParam("q", q).get("/api/v1/series").then().statusCode(200).body("total", equalTo(1))
                    .body("items[0].dimensions.path", equalTo("a, b\\c"));
        }
        given().queryParam("q", "host=").get("/api/v1/series").then().body("total", equalTo(2));
        given().queryParam("q", "host=plain=").get("/api/v1/series").then().body("total", equalTo(0));
    }

    @Test
    void aQuotedTermFindsAValueWithASpace() {
        given().contentType("application/json").body("{\"readings\":[{\"metric\":\"cpu\",\"dimensions\":"
                + "{\"host\":\"a b\"},\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1},{\"metric\":\"cpu\","
                + "\"dimensions\":{\"host\":\"a\",\"rack\":\"b\"},\"timestamp\":\"2026-11-01T00:00:00Z\","
                + "\"value\":1}]}")
                .post("/readings").then().statusCode(200);
        // unquoted, the words are two terms that the other series holds as well
        given().queryParam("q", "host=a b").get("/api/v1/series").then().body("total", equalTo(2));
        for (String q : List.of("\"host=a b\"", "host=\"a b\"", "\"HOST=A B\" cpu")) {
            given().queryParam("q", q).get("/api/v1/series").then().statusCode(200).body("total", equalTo(1))
                    .body("items[0].dimensions.host", equalTo("a b"));
        }
    }

    @Test
    void chartDefaultsToTheDayBeforeTheNewestWindowAndJoinsResults() {
        seedAndDetect();
        String id = idOf("voltage");
        given().get("/api/v1/series/" + id + "/chart").then().statusCode(200)
                .body("series.key", equalTo("voltage{meter=q1}"))
                .body("latest", equalTo(Series.windowStart(1201).toString()))
                .body("from", equalTo(Series.windowStart(913).toString()))
                .body("windows", equalTo(288)).body("downsampled", equalTo(false)).body("points", hasSize(288))
                .body("points[287].max", equalTo(99.0f)).body("points[287].anomaly", equalTo(true))
                .body("points[287].detector", equalTo("vigil-likelihood"))
                .body("points[0].expected", org.hamcrest.Matchers.notNullValue())
                // where coarse starts, for the dashboard's default range: vigil.detection.coarse-step, PT12H
                .body("stepSeconds", equalTo(300)).body("coarseStepSeconds", equalTo(43_200));
        given().queryParam("span", "P100D").get("/api/v1/series/" + id + "/chart").then().statusCode(400)
                .body("field", equalTo("span"));
    }

    @Test
    void chartThinsLongRangesButKeepsTheSpike() {
        seedAndDetect();
        List<Map<String, Object>> points = given().queryParam("span", "P2D").queryParam("maxPoints", 40)
                .get("/api/v1/series/" + idOf("voltage") + "/chart").then().statusCode(200)
                .body("windows", equalTo(576)).body("downsampled", equalTo(true))
                .extract().path("points");
        long anomalies = points.stream().filter(p -> Boolean.TRUE.equals(p.get("anomaly"))).count();
        assertTrue(points.size() <= 40 + anomalies, "thinned to about maxPoints: " + points.size());
        assertTrue(points.stream().anyMatch(p -> ((Number) p.get("max")).doubleValue() == 99.0), "spike kept");
    }

    @Test
    void chartOfAnUnknownSeriesIsNotFound() {
        given().get("/api/v1/series/42/chart").then().statusCode(404);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/v1/series?sort=name|sort",
            "/api/v1/series?period=week|period",
            "/api/v1/series?period=-P1D|period",
            "/api/v1/series/1/chart?maxPoints=1|maxPoints",
            "/api/v1/series/1/chart?maxPoints=-5|maxPoints",
            "/api/v1/series/1/chart?maxPoints=abc|maxPoints",
            "/api/v1/series/1/chart?maxPoints=99999999999|maxPoints",
            "/api/v1/series/1/chart?maxPoints=NaN|maxPoints",
            "/api/v1/series/1/chart?span=P100000D|span",
            "/api/v1/series/1/chart?span=soon|span",
            "/api/v1/series/1/chart?from=yesterday|from",
            "/api/v1/series/1/chart?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z|from",
            "/api/v1/series?since=yesterday|since",
            "/api/v1/series?until=2026-13-01T00:00:00Z|until",
            "/api/v1/series?period=P100000D|period",
            "/api/v1/series?page=abc|page",
            "/api/v1/series/x/chart|id"})
    void badParameters(String url, String field) {
        given().get(url).then().statusCode(400).body("code", equalTo("InvalidParameter")).body("field", equalTo(field));
    }

    private static String idOf(String metric) {
        return given().queryParam("metric", metric).get("/api/v1/series").then().extract().path("items[0].id");
    }
}
