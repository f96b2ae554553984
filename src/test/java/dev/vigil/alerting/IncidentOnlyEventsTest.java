package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code vigil.alerting.anomaly-events=false} a subscriber of the alerts topic receives the incidents only: the
 * feeder sag of {@link IncidentsTest} is one message, while the rules still decide (and store) every anomaly.
 */
@QuarkusTest
@TestProfile(IncidentOnlyEventsTest.IncidentsOnly.class)
class IncidentOnlyEventsTest {

    /** Per-series anomaly events off. */
    public static class IncidentsOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.alerting.anomaly-events", "false");
        }
    }

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @Test
    void withoutAnomalyEventsTheFeederSagIsOneMessage() {
        db.reset();
        IncidentsTest.fleet();
        run.run(Series.nowAfter(IncidentsTest.END));

        assertTrue(db.count("select count(*) from alert_decision where outcome = 'alerted'") >= 6,
                "the rules still let the sag's anomalies through");
        assertEquals(0, db.count("select count(*) from alert_outbox where payload->>'type' = ?", AlertEvents.TYPE),
                "no per-series anomaly event");
        assertEquals(1, db.count("select count(*) from alert_outbox o join incident i on o.payload->>'subject' = "
                + "i.id::text where o.payload->>'type' = ? and i.scope = '{\"feeder\": \"f2\"}'::jsonb",
                IncidentEvents.OPENED), "the sag: one opened event");
    }
}
