package dev.vigil.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How many incidents the demo's fleet opens at the configured defaults, and of what: the README's noise figures.
 * Runs the demo's path in process (backfill, the hourly meter group trained before the faults, detection until done)
 * and prints incidents in all, of a single window, per injected fault, and the rest (false incidents: no fault's
 * meter or feeder in their scope), with the rules' decisions by outcome. A benchmark, run only when asked for:
 *
 * <pre>./mvnw -B -ntp test -Dtest=MeterFleetNoiseTest -Dtest.excludedGroups= -Dfleet.meters=200 -Dfleet.faults=true
 * # the defaults before the quiet rules: add -Dvigil.alerting.default-rule.confirm-below=0 -Dvigil.incidents.quiet-windows=0</pre>
 */
@QuarkusTest
@Tag("benchmark")
class MeterFleetNoiseTest {

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @Test
    void printsTheIncidentsOfTheFleet() {
        int meters = Integer.getInteger("fleet.meters", 200);
        boolean faults = Boolean.parseBoolean(System.getProperty("fleet.faults", "true"));
        db.reset();
        Instant end = Instant.parse("2026-10-20T00:00:00Z");
        MeterFleet fleet = new MeterFleet(meters, end, Duration.ofDays(21), Duration.ofHours(1), 1, faults);
        Instant now = FleetReplay.replay(fleet, end, run);
        // one more pass a day later, so that incidents whose quiet period has passed are resolved
        run.run(now.plus(Duration.ofDays(1)));

        List<Map<String, Object>> incidents = db.rows("select scope::text as scope, anomaly_count, series_count, "
                + "group_anomaly_count, peak_severity, status from incident order by first_window");
        String sag = "\"feeder\": \"" + MeterFleet.feeder(MeterFleet.SAG_FEEDER * 20) + "\"";
        int single = 0;
        int sagIncidents = 0;
        int heater = 0;
        int stuck = 0;
        int drift = 0;
        int other = 0;
        int otherSingle = 0;
        for (Map<String, Object> i : incidents) {
            String scope = (String) i.get("scope");
            boolean one = ((Number) i.get("anomaly_count")).intValue() == 1;
            single += one ? 1 : 0;
            if (scope.contains(sag)) {
                sagIncidents++;
            } else if (scope.contains(MeterFleet.meter(MeterFleet.HEATER))) {
                heater++;
            } else if (scope.contains(MeterFleet.meter(MeterFleet.STUCK))) {
                stuck++;
            } else if (scope.contains(MeterFleet.meter(MeterFleet.DRIFT))) {
                drift++;
            } else {
                other++;
                otherSingle += one ? 1 : 0;
            }
        }
        System.out.printf("FLEET %d meters x 21 days hourly, faults %s: %d incidents, %d of a single window; "
                + "sag feeder %d, heater %d, stuck %d, drift %d; other %d (%d of a single window)%n", meters, faults,
                incidents.size(), single, sagIncidents, heater, stuck, drift, other, otherSingle);
        System.out.println("FLEET series decisions " + db.rows(
                "select outcome, count(*) as n from alert_decision group by outcome order by outcome"));
        System.out.println("FLEET group decisions " + db.rows(
                "select outcome, count(*) as n from group_decision group by outcome order by outcome"));
        System.out.println("FLEET fault incidents " + db.rows("select scope::text as scope, first_window, "
                + "last_window, anomaly_count, series_count, group_anomaly_count, peak_severity from incident where "
                + "scope::text like '%m0007%' or scope::text like '%m0042%' or scope::text like '%m0100%' "
                + "or scope::text = '{\"feeder\": \"f03\"}' order by first_window"));
        if (faults) {
            assertTrue(sagIncidents > 0 && heater > 0 && stuck > 0 && drift > 0, "every injected fault is found");
        }
    }
}
