package dev.vigil.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The read API, the HTTP and CloudEvent triggers of a run, health and metrics. */
@QuarkusTest
class QueryApiTest {

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @Inject
    Db db;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void seriesWindowsResultsAndAnomaliesAfterARunTriggeredOverHttp() {
        Series.steady("voltage", "q1", 1200, 11);
        Series.steady("current", "q2", 10, 12);
        Series.at("voltage", "q1", 1200, 99);
        // POST /detect is the plain-HTTP form of the detection function (the clock is real: all test data is past)
        given().contentType("application/json").post("/detect").then().statusCode(400)
                .body("code", equalTo("EmptyBody"));
        given().contentType("application/json").body("{\"at\":").post("/detect").then().statusCode(400)
                .body("code", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
        given().contentType("application/json").body("{\"at\":\"tomorrow\"}").post("/detect").then()
                .statusCode(400).body("field", equalTo("at"));
        given().contentType("application/json").body("{}").post("/detect").then().statusCode(200)
                .body("windowsScored", equalTo(1211));
        given().contentType("application/json").body("{}").post("/api/v1/detection/runs").then().statusCode(200)
                .body("windowsScored", equalTo(0));

        String id = given().queryParam("metric", "voltage").get("/api/v1/series").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].key", equalTo("voltage{meter=q1}"))
                .body("items[0].dimensions.meter", equalTo("q1")).extract().path("items[0].id");
        given().queryParam("q", "METER=Q").get("/api/v1/series").then().body("total", equalTo(2));
        given().get("/api/v1/series/" + id).then().statusCode(200).body("metric", equalTo("voltage"));

        String from = Series.windowStart(0).toString();
        String to = Series.windowStart(1201).toString();
        given().queryParam("from", from).queryParam("to", to).get("/api/v1/series/" + id + "/windows")
                .then().statusCode(200).body("$", hasSize(1201)).body("[1200].max", equalTo(99.0f));
        given().queryParam("from", from).queryParam("to", to).get("/api/v1/series/" + id + "/results")
                .then().statusCode(200).body("$", hasSize(1201)).body("[1200].anomaly", equalTo(true))
                .body("[1200].detector", equalTo("vigil-likelihood")).body("[0].warmingUp", equalTo(true));
        given().queryParam("since", from).get("/api/v1/anomalies").then().statusCode(200)
                .body("seriesKey", hasItem("voltage{meter=q1}"));
        given().get("/api/v1/runs").then().statusCode(200).body("[0].windowsScored", equalTo(1211));
    }

    @Test
    void aDetectionRequestCloudEventRunsDetection() {
        Series.steady("current", "ce", 20, 5);
        given().contentType("application/json").header("ce-id", "ping-1").header("ce-specversion", "1.0")
                .header("ce-source", "/pingsource").header("ce-type", "dev.vigil.detection.requested.v1")
                .body("{}").post("/").then().statusCode(200).header("ce-type", "dev.vigil.detection.completed.v1")
                .body("windowsScored", equalTo(20));
        // a Knative PingSource's own type reaches the same function
        given().contentType("application/json").header("ce-id", "ping-2").header("ce-specversion", "1.0")
                .header("ce-source", "/apis/v1/namespaces/default/pingsources/vigil-detection")
                .header("ce-type", "dev.knative.sources.ping").body("{}").post("/").then().statusCode(200)
                .body("windowsScored", equalTo(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/v1/series?size=0|size",
            "/api/v1/series?size=100000|size",
            "/api/v1/series?page=-1|page",
            "/api/v1/series/abc/windows|id",
            "/api/v1/series/1/windows?from=yesterday|from",
            "/api/v1/series/1/results?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z|from",
            "/api/v1/series/1/results?from=2020-01-01T00:00:00Z&to=2026-11-01T00:00:00Z|to",
            "/api/v1/anomalies?minSeverity=NaN|minSeverity",
            "/api/v1/anomalies?minSeverity=2|minSeverity",
            "/api/v1/runs?limit=0|limit",
            "/api/v1/runs?limit=abc|limit",
            "/api/v1/runs?limit=99999999999|limit",
            "/api/v1/anomalies?minSeverity=abc|minSeverity",
            "/api/v1/anomalies?minSeverity=Infinity|minSeverity",
            "/api/v1/anomalies?page=1e3|page",
            "/api/v1/series/1/windows?limit=-1|limit"})
    void badParameters(String url, String field) {
        given().get(url).then().statusCode(400).body("code", equalTo("InvalidParameter"))
                .body("field", equalTo(field)).body("message", containsString(field));
    }

    @Test
    void unknownSeriesIsNotFound() {
        given().get("/api/v1/series/42").then().statusCode(404);
    }

    /** Health and metrics are on the management interface only, not on the port users reach. */
    @Test
    void readinessCoversTheDatabaseLivenessTheKafkaChannelsAndMetricsAreExported() {
        given().get("/q/health/ready").then().statusCode(404);
        given().relaxedHTTPSValidation().baseUri("https://localhost").port(management.getPort()).get("/q/health/ready")
                .then().statusCode(200).body("checks.name", hasItem(containsString("Database")));
        // Kafka channels are in liveness only: a Kafka outage must not take HTTP ingestion out of service
        given().relaxedHTTPSValidation().baseUri("https://localhost").port(management.getPort()).get("/q/health/live")
                .then().statusCode(200)
                .body("checks.name", hasItem(containsString("Reactive Messaging")))
                .body(containsString("readings")).body(containsString("alerts"));
        given().contentType("application/json")
                .body("{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}").post("/readings");
        given().contentType("application/json").body("{}").post("/api/v1/detection/runs").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(404);
        given().relaxedHTTPSValidation().baseUri("https://localhost").port(management.getPort()).get("/q/metrics").then().statusCode(200)
                .body(containsString("vigil_readings_accepted_total"))
                .body(containsString("vigil_detection_backlog_windows"))
                .body(containsString("vigil_detection_quarantined_series"))
                .body(containsString("vigil_detection_shard_failures_total"))
                // the consumer's lag as it sees it, from the Kafka client's own metrics
                .body(containsString("kafka_consumer_fetch_manager_records_lag_max"))
                .body(containsString("vigil_windows_written_total"))
                .body(containsString("vigil_detection_run_seconds"))
                .body(containsString("vigil_detection_windows_scored_total"))
                .body(containsString("vigil_detection_series_scored_total"))
                .body(containsString("vigil_alerts_backlog"));
        given().get("/api/v1/anomalies").then().statusCode(200).body("$.size()", greaterThanOrEqualTo(0));
    }
}
