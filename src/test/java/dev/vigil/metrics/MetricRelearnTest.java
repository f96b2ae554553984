package dev.vigil.metrics;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changing a metric's aggregation changes what its series' detectors learned: the next run rebuilds each state from
 * the stored windows under the new aggregation, so a steady series is not flagged for its sum being five times its
 * mean, and the results stored before keep the value they were judged on.
 */
@QuarkusTest
class MetricRelearnTest {

    private static final int BEFORE = 1000;
    private static final int AFTER = 30;

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    /** A queue sampled five times per window at about 10: the mean is about 10, the sum about 50. */
    private static void steady(int from, int to) {
        Random r = new Random(from);
        Readings.many("depth", Map.of("meter", "q1"), from, to, i -> 5, (i, k) -> 10 + 0.1 * r.nextGaussian());
    }

    @Test
    void aChangedAggregationIsRelearnedFromStoredWindowsWithoutAFloodOfAnomalies() {
        steady(0, BEFORE);
        assertEquals(BEFORE, run.run(Series.nowAfter(BEFORE)).windowsScored());

        Metrics.put("depth", "{\"aggregation\": \"sum\"}").statusCode(200).body("aggregation", equalTo("sum"))
                .body("series", equalTo(1));
        steady(BEFORE, BEFORE + AFTER);
        Readings.many("depth", Map.of("meter", "q1"), BEFORE + AFTER, BEFORE + AFTER + 1, i -> 10,
                (i, k) -> 10); // twice the readings: a sum of 100
        assertEquals(AFTER + 1, run.run(Series.nowAfter(BEFORE + AFTER + 1)).windowsScored());

        Timestamp switched = Timestamp.from(Series.windowStart(BEFORE));
        Timestamp surge = Timestamp.from(Series.windowStart(BEFORE + AFTER));
        assertEquals(0, db.count("select count(*) from anomaly_result where window_start >= ? and window_start < ? "
                + "and (is_anomaly or warming_up)", switched, surge), "judged at once, and nothing flagged");
        assertTrue((Boolean) db.rows("select is_anomaly from anomaly_result where window_start = ?", surge).get(0)
                .get("is_anomaly"), "the relearned detector judges sums");
        assertEquals(50.0, avg("window_start >= ? and window_start < ?", switched, surge), 0.5);
        assertEquals(10.0, avg("window_start < ?", switched), 0.05, "stored results keep the value judged");
        assertEquals(0, db.count("select count(*) from series_state where version = 0"), "rebuilt and saved");
    }

    @Test
    void aWindowJudgedBeforeTheChangeIsNotJudgedAgainstItsOldBandWhenRevisedAfter() {
        steady(0, BEFORE);
        run.run(Series.nowAfter(BEFORE));
        Metrics.aggregate("depth", "sum");
        steady(BEFORE, BEFORE + 2);
        run.run(Series.nowAfter(BEFORE + 2));

        // a late reading for a window judged as a mean of about 10: its sum is now about 60
        Series.at("depth", "q1", 900, 10);
        assertEquals(1, run.run(Series.nowAfter(BEFORE + 2).plusSeconds(600)).windowsScored());
        Map<String, Object> revised = db.rows("select value, is_anomaly from anomaly_result where window_start = ?",
                Timestamp.from(Series.windowStart(900))).get(0);
        assertEquals(60.0, (Double) revised.get("value"), 1.0);
        assertFalse((Boolean) revised.get("is_anomaly"), "a band in means is no measure for a sum");
    }

    @Test
    void settingTheAggregationInForceRelearnsNothing() {
        steady(0, 300);
        Metrics.aggregate("depth", "max");
        run.run(Series.nowAfter(300));
        String changed = Metrics.put("depth", "{\"aggregation\": \"max\"}").statusCode(200).extract()
                .path("changedAt");
        assertEquals(1, db.count("select count(*) from series_state where version > 0"));
        Metrics.put("depth", "{\"aggregation\": \"max\"}").statusCode(200).body("changedAt", equalTo(changed));
    }

    private double avg(String where, Timestamp... args) {
        return (Double) db.rows("select avg(value) as v from anomaly_result where " + where, (Object[]) args).get(0)
                .get("v");
    }
}
