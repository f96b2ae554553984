package dev.vigil.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A metric's windows are judged on the value its aggregation takes (README "Aggregation per metric"): a counter sent
 * as one reading per event is judged on its sum or count, so a surge of events is flagged; the mean of ones hid it.
 */
@QuarkusTest
class MetricAggregationTest {

    private static final int WINDOWS = 1000;
    private static final int SURGE = 950;

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    /** About 20 events per window, 80 in the surge's. */
    private static int[] events(long seed) {
        Random r = new Random(seed);
        int[] n = new int[WINDOWS + 2];
        for (int i = 0; i < n.length; i++) {
            n[i] = i == SURGE ? 80 : (int) Math.max(1, Math.round(20 + 3 * r.nextGaussian()));
        }
        return n;
    }

    @Test
    void aCounterIsJudgedOnItsSumOrCountAndASurgeOfEventsIsFlaggedNotUnderTheMean() {
        int[] n = events(11);
        // one reading of 1 per request; "bytes" sends 2 per event, so its count and sum differ
        for (String metric : new String[] {"requests", "hits"}) {
            Readings.many(metric, Map.of("meter", "c1"), 0, WINDOWS, i -> n[i], (i, k) -> 1);
        }
        Readings.many("bytes", Map.of("meter", "c1"), 0, WINDOWS, i -> n[i], (i, k) -> 2);
        Metrics.aggregate("requests", "sum");
        Metrics.aggregate("bytes", "count");

        assertEquals(3 * WINDOWS, run.run(Series.nowAfter(WINDOWS)).windowsScored());

        Timestamp surge = Timestamp.from(Series.windowStart(SURGE));
        assertEquals(80.0, value("requests", surge), 1e-9);
        assertEquals(80.0, value("bytes", surge), 1e-9, "count, not the sum of 160");
        assertEquals(1.0, value("hits", surge), 1e-9, "hits keeps the mean");
        assertTrue(anomaly("requests", surge), "the surge is flagged under sum");
        assertTrue(anomaly("bytes", surge), "the surge is flagged under count");
        assertFalse(anomaly("hits", surge), "the mean of ones is 1 whatever the traffic");
        assertEquals(0, db.count("select count(*) from anomaly_result r join series s on s.id = r.series_id "
                + "where s.metric = 'hits' and r.is_anomaly"));
    }

    @Test
    void theChartPlotsAnUnscoredWindowByItsMetricsAggregationAndAScoredOneByTheValueJudged() {
        int[] n = events(12);
        Readings.many("requests", Map.of("meter", "c1"), 0, WINDOWS, i -> n[i], (i, k) -> 1);
        Readings.many("hits", Map.of("meter", "c1"), 0, WINDOWS, i -> n[i], (i, k) -> 1);
        Metrics.aggregate("requests", "sum");
        run.run(Series.nowAfter(WINDOWS));
        // two windows not scored yet
        Readings.many("requests", Map.of("meter", "c1"), WINDOWS, WINDOWS + 2, i -> n[i], (i, k) -> 1);
        Readings.many("hits", Map.of("meter", "c1"), WINDOWS, WINDOWS + 2, i -> n[i], (i, k) -> 1);

        JsonPath requests = chart("requests");
        Map<String, Object> unscored = point(requests, WINDOWS + 1);
        assertNull(unscored.get("value"));
        assertEquals((double) n[WINDOWS + 1], ((Number) unscored.get("aggregated")).doubleValue(), 1e-9);
        assertEquals(1.0, ((Number) unscored.get("mean")).doubleValue(), 1e-9, "the mean is still shown as such");
        assertEquals(80.0, ((Number) point(requests, SURGE).get("value")).doubleValue(), 1e-9);
        assertEquals(1.0, ((Number) point(chart("hits"), WINDOWS + 1).get("aggregated")).doubleValue(), 1e-9);
    }

    /** Readings 3, 9 and 6 (the last) in one window: the value each aggregation takes, as the read API shows it. */
    @ParameterizedTest
    @CsvSource({"mean, 6", "sum, 18", "count, 3", "min, 3", "max, 9", "last, 6"})
    void eachAggregationTakesItsValueOfTheWindow(String aggregation, double expected) {
        double[] readings = {3, 9, 6};
        Readings.many("depth", Map.of("meter", "q1"), 0, 1, i -> 3, (i, k) -> readings[k]);
        Metrics.aggregate("depth", aggregation);
        double value = given().get("/api/v1/series/{id}/windows?from={f}&to={t}", Metrics.seriesId("depth", "q1"),
                Series.START.toString(), Series.windowStart(1).toString())
                .then().statusCode(200).extract().jsonPath().getDouble("[0].value");
        assertEquals(expected, value, 1e-9);
    }

    /** The expression is written once but must cost no function call per window: PostgreSQL inlines it. */
    @Test
    void theWindowValueIsInlinedIntoTheQueriesThatReadIt() {
        String plan = String.join("\n", db.strings("explain (verbose) select window_value(m.aggregation, w.count, "
                + "w.sum, w.min, w.max, w.last_value) from window_aggregate w join series s on s.id = w.series_id "
                + "left join metric_aggregation m on m.metric = s.metric"));
        assertTrue(plan.contains("CASE m.aggregation"), plan);
        assertFalse(plan.contains("window_value"), plan);
    }

    private JsonPath chart(String metric) {
        return given().get("/api/v1/series/{id}/chart?from={f}&to={t}", Metrics.seriesId(metric, "c1"),
                Series.START.toString(), Series.windowStart(WINDOWS + 2).toString())
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> point(JsonPath chart, int window) {
        return chart.getMap("points.find { it.start == '" + Series.windowStart(window) + "' }");
    }

    private double value(String metric, Timestamp at) {
        return (Double) db.rows("select r.value from anomaly_result r join series s on s.id = r.series_id "
                + "where s.metric = ? and r.window_start = ?", metric, at).get(0).get("value");
    }

    private boolean anomaly(String metric, Timestamp at) {
        return (Boolean) db.rows("select r.is_anomaly from anomaly_result r join series s on s.id = r.series_id "
                + "where s.metric = ? and r.window_start = ?", metric, at).get(0).get("is_anomaly");
    }
}
