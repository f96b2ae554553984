package dev.vigil.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/admin/metrics}: metrics with their aggregation, paged; a change is validated whole or refused. */
@QuarkusTest
class MetricApiTest {

    @Inject
    Db db;

    @BeforeEach
    void clean() {
        db.reset();
        for (String metric : List.of("latency", "requests", "cpu")) {
            Readings.post(metric, Map.of("meter", "a"), 0, 3, i -> 1);
        }
        Readings.post("requests", Map.of("meter", "b"), 0, 3, i -> 1);
    }

    @Test
    void metricsAreListedByNameWithTheirAggregationAndSeriesPaged() {
        Metrics.aggregate("requests", "sum");
        given().get("/api/v1/admin/metrics").then().statusCode(200).body("total", equalTo(3))
                .body("items.metric", equalTo(List.of("cpu", "latency", "requests")))
                .body("items.aggregation", equalTo(List.of("mean", "mean", "sum")))
                .body("items.series", equalTo(List.of(1, 1, 2)))
                .body("items[0].changedAt", nullValue());
        given().get("/api/v1/admin/metrics?page=1&size=2").then().statusCode(200).body("page", equalTo(1))
                .body("size", equalTo(2)).body("total", equalTo(3)).body("items.metric", equalTo(List.of("requests")));
        given().get("/api/v1/admin/metrics?size=501").then().statusCode(400).body("field", equalTo("size"));
        given().get("/api/v1/admin/metrics?metric=cpu").then().statusCode(400).body("field", equalTo("metric"));
    }

    @Test
    void meanGoesBackToTheDefault() {
        Metrics.aggregate("requests", "last");
        Metrics.put("requests", "{\"aggregation\": \"mean\"}").statusCode(200).body("aggregation", equalTo("mean"));
        given().get("/api/v1/admin/metrics").then().body("items.find { it.metric == 'requests' }.aggregation",
                equalTo("mean"));
        // a metric read from the list can be put back with its new aggregation
        Metrics.put("cpu", "{\"metric\": \"cpu\", \"aggregation\": \"max\", \"series\": 1, \"changedAt\": null}")
                .statusCode(200).body("metric", equalTo("cpu")).body("aggregation", equalTo("max"));
    }

    @Test
    void aMetricNameMayHoldASlash() {
        Readings.post("http/requests", Map.of("meter", "a"), 0, 1, i -> 1);
        Metrics.put("http/requests", "{\"aggregation\": \"sum\"}").statusCode(200)
                .body("metric", equalTo("http/requests")).body("aggregation", equalTo("sum"));
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
        refused(Metrics.put("requests", "{\"aggregation\": \"median\"}"), "InvalidAggregation", "aggregation")
                .body("message", containsString("mean, sum, count, min, max, last"));
        refused(Metrics.put("requests", "{\"aggregation\": \"SUM\"}"), "InvalidAggregation", "aggregation");
        refused(Metrics.put("requests", "{\"aggregation\": \"" + "a".repeat(5000) + "\"}"), "InvalidAggregation",
                "aggregation").body("message.length()", lessThan(200));
        refused(Metrics.put("requests", "{\"aggregation\": 3}"), "InvalidAggregation", "aggregation");
        refused(Metrics.put("requests", "{}"), "InvalidAggregation", "aggregation");
        refused(Metrics.put("requests", "{\"aggregation\": \"sum\", \"agregation\": \"max\"}"), "UnknownField",
                "agregation");
        refused(Metrics.put("requests", "[\"sum\"]"), "InvalidAggregation", null);
        refused(Metrics.put("requests", "{\"aggregation\": \"sum\"} {}"), "MalformedJson", null);
        Metrics.put("requests ", "{\"aggregation\": \"sum\"}").statusCode(404).body("code", equalTo("UnknownMetric"));
        Metrics.put("nosuch", "{\"aggregation\": \"sum\"}").statusCode(404).body("code", equalTo("UnknownMetric"))
                .body("field", equalTo("metric"));
        assertEquals(0, db.count("select count(*) from metric_aggregation"));
        given().get("/api/v1/admin/metrics").then().body("total", equalTo(3));
    }

    private static io.restassured.response.ValidatableResponse refused(
            io.restassured.response.ValidatableResponse r, String code, String field) {
        return r.statusCode(400).body("code", equalTo(code)).body("field", equalTo(field));
    }
}
