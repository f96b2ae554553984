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
 * With {@code vigil.incidents.events=false} the feeder sag of {@link IncidentsTest} is still one stored incident, and
 * its anomalies are still published one by one, but no incident event is queued.
 */
@QuarkusTest
@TestProfile(NoIncidentEventsTest.NoIncidentEvents.class)
class NoIncidentEventsTest {

    /** Incident events off. */
    public static class NoIncidentEvents implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.incidents.events", "false");
        }
    }

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @Test
    void withoutIncidentEventsTheSagIsStoredButNotPublished() {
        db.reset();
        IncidentsTest.fleet();
        run.run(Series.nowAfter(IncidentsTest.END));

        assertEquals(1, db.count("select count(*) from incident where scope = '{\"feeder\": \"f2\"}'::jsonb"),
                "the sag is one stored incident");
        assertTrue(db.count("select count(*) from alert_outbox where payload->>'type' = ?", AlertEvents.TYPE) >= 6,
                "its anomalies are published");
        assertEquals(0, db.count("select count(*) from alert_outbox where payload->>'type' like "
                + "'dev.vigil.incident.%'"), "no incident event");
    }
}
