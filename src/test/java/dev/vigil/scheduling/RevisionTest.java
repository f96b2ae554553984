package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A late event revises a window that was already scored; the next run re-scores that window, and only it. */
@QuarkusTest
class RevisionTest {

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void lateEventRevisesAndIsRescored() {
        Series.steady("flow", "r1", 1200, 7);
        DetectionRun.Report first = run.run(Series.nowAfter(1200).plusSeconds(1200));
        assertEquals(1200, first.windowsScored());
        Timestamp target = Timestamp.from(Series.windowStart(1190));
        Map<String, Object> before = db.rows("select value, is_anomaly from anomaly_result where window_start = ?",
                target).get(0);
        assertFalse((Boolean) before.get("is_anomaly"));

        Series.at("flow", "r1", 1190, 500); // arrives long after its window was scored
        Map<String, Object> window = db.rows(
                "select count, revision, scored_revision, revised_at from window_aggregate where window_start = ?",
                target).get(0);
        assertEquals(2L, window.get("count"));
        assertNotNull(window.get("revised_at"), "a merge into a scored window marks it revised");
        assertTrue((Integer) window.get("revision") > (Integer) window.get("scored_revision"));

        DetectionRun.Report second = run.run(Series.nowAfter(1200).plusSeconds(1800));
        assertEquals(1, second.windowsScored());
        Map<String, Object> after = db.rows("select value, is_anomaly, severity from anomaly_result where window_start = ?",
                target).get(0);
        assertEquals(255.0, (Double) after.get("value"), 1.0); // the mean of the two readings
        assertTrue((Boolean) after.get("is_anomaly"));
        // a revised window is judged against its stored band: the band explains the flag
        assertEquals("value", db.rows("select reason from anomaly_result where window_start = ?", target).get(0)
                .get("reason"));
        assertEquals(1200, db.count("select count(*) from anomaly_result"));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->'data'->>'windowStart' = ?",
                Series.windowStart(1190).toString()));
    }

    /**
     * An exporter that sends at least once re-sends a batch: every window's mean stays what it was. The band is
     * narrower than the detector's flag, so judging the unchanged values against the band alone flagged about one
     * window in twelve of a plain noisy series (the walk of a migrating fleet saw 871 anomalies and a fleet-wide
     * incident from 50 re-sent minutes).
     */
    @Test
    void aReSentBatchChangesNoVerdict() {
        for (int m = 0; m < 8; m++) {
            Series.steady("flow", "m" + m, 1000, 100 + m);
        }
        DetectionRun.Report first = run.run(Series.nowAfter(1000).plusSeconds(1200));
        assertEquals(8000, first.windowsScored());
        long anomalies = db.count("select count(*) from anomaly_result where is_anomaly");
        long alerts = db.count("select count(*) from alert_outbox");
        long outsideBand = db.count("select count(*) from anomaly_result where not warming_up and not is_anomaly"
                + " and (value > upper_bound or value < lower_bound)");
        assertTrue(outsideBand > 100, "the detector passes many values outside its band: " + outsideBand);

        for (int m = 0; m < 8; m++) {
            Series.steady("flow", "m" + m, 1000, 100 + m); // the same readings again
        }
        DetectionRun.Report second = run.run(Series.nowAfter(1000).plusSeconds(1500));
        assertEquals(8000, second.windowsScored(), "every window was revised and is re-scored");
        assertEquals(anomalies, db.count("select count(*) from anomaly_result where is_anomaly"));
        assertEquals(alerts, db.count("select count(*) from alert_outbox"));
    }
}
