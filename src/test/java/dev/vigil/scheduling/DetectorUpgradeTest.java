package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the detector (or its version) changes, a series' stored state is not restored; the new detector learns the
 * series' stored windows first, so the next windows are judged at once instead of warming up for days.
 */
@QuarkusTest
class DetectorUpgradeTest {

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void aStateOfAnotherVersionIsRebuiltFromStoredWindowsAndJudgesAtOnce() {
        Series.steady("load", "u1", 1000, 3);
        assertEquals(1000, run.run(Series.nowAfter(1000)).windowsScored());
        // vigil-likelihood (from v3) warms up for three days of 5-minute windows (its daily predictor is ready then)
        assertEquals(864, db.count("select count(*) from anomaly_result where warming_up"), "a new series warms up");

        db.exec("update series_state set version = version + 100"); // as if written by another version
        Series.at("load", "u1", 1000, 10.05);
        Series.at("load", "u1", 1001, 25); // a spike the rebuilt detector must judge
        assertEquals(2, run.run(Series.nowAfter(1002)).windowsScored());

        Timestamp normal = Timestamp.from(Series.windowStart(1000));
        Timestamp spike = Timestamp.from(Series.windowStart(1001));
        assertEquals(0, db.count("select count(*) from anomaly_result where window_start >= ? and warming_up", normal));
        assertEquals(1, db.count("select count(*) from anomaly_result where window_start = ? and is_anomaly", spike));
        assertEquals(0, db.count("select count(*) from anomaly_result where window_start = ? and is_anomaly", normal));
    }
}
