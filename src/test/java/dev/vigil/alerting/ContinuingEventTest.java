package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Rules;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detector flags an event once (repeats are withheld, a new level is learned), yet a rule that asks for
 * consecutive windows alerts once the event has lasted that long: its unflagged windows beyond the first flag's band
 * count. Found by the operations walk: a 30-minute jump to three times the level sent no alert for minConsecutive 3.
 */
@QuarkusTest
class ContinuingEventTest {

    // four days of 5-minute history: the detector judges after three
    private static final int HISTORY = 1152;

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void aSustainedJumpAlertsOnceWhenItHasLastedTheRulesWindows() {
        Rules.create("{\"name\":\"three\",\"metric\":\"flow\",\"dimensions\":{\"meter\":\"a\"},\"minConsecutive\":3}");
        Rules.create("{\"name\":\"twelve\",\"metric\":\"flow\",\"dimensions\":{\"meter\":\"a\"},"
                + "\"minConsecutive\":12}");
        Rules.create("{\"name\":\"spike\",\"metric\":\"flow\",\"dimensions\":{\"meter\":\"b\"},\"minConsecutive\":3}");
        Series.steady("flow", "a", HISTORY + 12, 1);
        Series.steady("flow", "b", HISTORY + 12, 2);
        for (int w = HISTORY; w < HISTORY + 6; w++) {
            Series.at("flow", "a", w, 30); // the level three times over for half an hour
        }
        Series.at("flow", "b", HISTORY + 2, 30); // one window
        // runs as the schedule makes them: three windows each, so the event spans runs
        for (int w = HISTORY - 3; w <= HISTORY + 12; w += 3) {
            run.run(Series.nowAfter(w));
        }
        long flags = db.count("select count(*) from anomaly_result r join series s on s.id = r.series_id "
                + "where s.dimensions->>'meter' = 'a' and r.is_anomaly");
        assertEquals(true, flags < 3, "the detector flags the jump in fewer windows than the rule asks for: " + flags);
        assertEquals(List.of(Map.of("rule", "three", "window", (Object) Series.windowStart(HISTORY + 2).toString())),
                Rules.alerts(db));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = ? and "
                + "(payload->'data'->>'windowStart')::timestamptz = ?::timestamptz", AlertEvents.TYPE,
                Series.windowStart(HISTORY + 2).toString()), "one event, the window that completed the rule");
    }
}
