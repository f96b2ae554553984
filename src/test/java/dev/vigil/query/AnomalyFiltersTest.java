package dev.vigil.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The filters a user of Azure Metrics Advisor expects on the anomaly list: an end of the period, a metric, a series
 * and dimensions. Before them, {@code ?metric=} and {@code ?until=} were ignored and every metric came back. Rows are
 * written with SQL: only which anomalies match matters here.
 */
@QuarkusTest
class AnomalyFiltersTest {

    private static final String T0 = "2026-10-01T00:00:00Z";
    private static final String T1 = "2026-10-01T00:05:00Z";
    private static final String T2 = "2026-10-01T00:10:00Z";
    private static final String WEEK = "since=2026-09-30T00:00:00Z&until=2026-10-02T00:00:00Z";

    @Inject
    Db db;

    /**
     * Series 1 voltage{dc=dc1,region=eu}, 2 voltage{dc=dc1,region=us}, 3 latency_ms{dc=dc2,region=eu},
     * 4 latency_ms{dc=dc1,region=eu}: each anomalous at T0, T1 and T2 (severity id/10), and normal at T2 + 5 min.
     */
    @BeforeEach
    void fleet() {
        db.reset();
        db.exec("""
                insert into series (id, series_key, metric, dimensions)
                select i, m || '{dc=' || dc || ',region=' || r || '}', m, jsonb_build_object('dc', dc, 'region', r)
                from (values (1, 'voltage', 'dc1', 'eu'), (2, 'voltage', 'dc1', 'us'), (3, 'latency_ms', 'dc2', 'eu'),
                             (4, 'latency_ms', 'dc1', 'eu')) v (i, m, dc, r)""");
        db.exec("""
                insert into anomaly_result (series_id, window_start, detector, detector_version, value, expected,
                    lower_bound, upper_bound, is_anomaly, severity, score, warming_up, run_cutoff)
                select s, timestamptz '2026-10-01 00:00Z' + w * interval '5 min', 'test', 1, 9, 1, 0, 2, w < 3,
                       s / 10.0, 4, false, timestamptz '2026-10-02 00:00Z'
                from generate_series(1, 4) s, generate_series(0, 3) w""");
    }

    @Test
    void metricKeepsOnlyItsSeriesNewestFirst() {
        given().get("/api/v1/anomalies?metric=latency_ms&" + WEEK).then().statusCode(200)
                .body("seriesId", contains("3", "4", "3", "4", "3", "4"))
                .body("windowStart", contains(T2, T2, T1, T1, T0, T0))
                .body("metric", contains("latency_ms", "latency_ms", "latency_ms", "latency_ms", "latency_ms",
                        "latency_ms"));
        given().get("/api/v1/anomalies?metric=latency&" + WEEK).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void untilEndsThePeriodExclusively() {
        given().get("/api/v1/anomalies?since=" + T0 + "&until=" + T1).then().statusCode(200)
                .body("windowStart", contains(T0, T0, T0, T0)).body("seriesId", contains("1", "2", "3", "4"));
        // without since, the period is the 7 days before until
        given().get("/api/v1/anomalies?until=" + T1 + "&seriesId=1").then().statusCode(200)
                .body("windowStart", contains(T0));
        given().get("/api/v1/anomalies?until=2026-10-09T00:00:00Z").then().body("size()", equalTo(0));
    }

    @Test
    void everyDimensionMustMatchAndFiltersCombine() {
        given().get("/api/v1/anomalies?dim.region=eu&dim.dc=dc1&" + WEEK).then().statusCode(200)
                .body("seriesId", contains("1", "4", "1", "4", "1", "4"));
        given().get("/api/v1/anomalies?dim.region=eu&metric=voltage&minSeverity=0.1&since=" + T1 + "&until=" + T2)
                .then().body("seriesId", contains("1")).body("windowStart", contains(T1));
        given().get("/api/v1/anomalies?dim.region=eu&dim.region=eu&seriesId=2&" + WEEK).then()
                .body("size()", equalTo(0));
        given().get("/api/v1/anomalies?seriesId=2&" + WEEK).then().body("seriesId", contains("2", "2", "2"));
    }

    @Test
    void pagesOfAFilteredListFollowEachOther() {
        given().get("/api/v1/anomalies?metric=voltage&size=4&page=0&" + WEEK).then()
                .body("seriesId", contains("1", "2", "1", "2")).body("windowStart", contains(T2, T2, T1, T1));
        given().get("/api/v1/anomalies?metric=voltage&size=4&page=1&" + WEEK).then()
                .body("seriesId", contains("1", "2")).body("windowStart", contains(T0, T0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "until=2026-10-01T00:00:00Z&since=2026-10-01T00:00:00Z|InvalidParameter|until|until must lie after since",
            "until=yesterday|InvalidParameter|until|ISO-8601",
            "seriesId=abc|InvalidParameter|seriesId|64-bit integer",
            "metric=%20|InvalidParameter|metric|not blank",
            "dim.=eu|InvalidParameter|dim.|needs a dimension key",
            "dim.region=|InvalidParameter|dim.region|1 to 256 characters",
            "dim.region=eu&dim.region=us|InvalidParameter|dim.region|one value per dimension",
            "dim.region=e%07u|InvalidCharacter|dim.region|control character U+0007",
            "dim=eu|InvalidParameter|dim|unknown query parameter 'dim'",
    })
    void aFilterThatCouldNeverMatchIsRefusedNamingIt(String query, String code, String field, String message) {
        given().urlEncodingEnabled(false).get("/api/v1/anomalies?" + query).then().statusCode(400)
                .body("code", equalTo(code)).body("field", equalTo(field)).body("message", containsString(message));
    }

    @Test
    void incidentsStoreNoMetricSoTheyRefuseTheFilter() {
        given().get("/api/v1/incidents?metric=voltage").then().statusCode(400).body("field", equalTo("metric"));
    }
}
