package dev.vigil.metrics;

import static io.restassured.RestAssured.given;

import dev.vigil.aggregation.SeriesKey;
import io.restassured.response.ValidatableResponse;
import java.util.Map;

/** Calls of the metrics admin API, and the ids of the one-meter series the tests write. */
final class Metrics {

    private Metrics() {
    }

    /** {@code PUT /api/v1/admin/metrics/{metric}} with this body. */
    static ValidatableResponse put(String metric, String body) {
        return given().contentType("application/json").body(body).put("/api/v1/admin/metrics/{m}", metric).then();
    }

    /** Sets the metric's aggregation, which must be taken. */
    static void aggregate(String metric, String aggregation) {
        put(metric, "{\"aggregation\": \"" + aggregation + "\"}").statusCode(200);
    }

    static long seriesId(String metric, String meter) {
        return SeriesKey.of(metric, Map.of("meter", meter)).id();
    }
}
