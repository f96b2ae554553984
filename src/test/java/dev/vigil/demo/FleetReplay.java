package dev.vigil.demo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.scheduling.DetectionRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's path in a test's own Vigil: the fleet's readings posted as batches, the hourly meter group defined and
 * trained before the faults, and detection run every 15 minutes from just after the fleet's end until nothing is
 * left to score.
 */
final class FleetReplay {

    private FleetReplay() {
    }

    /** Replays {@code fleet} through the test's Vigil; returns the instant of the last (empty) run. */
    static Instant replay(MeterFleet fleet, Instant end, DetectionRun run) {
        List<String> batch = new ArrayList<>();
        for (long i = 0; i < fleet.steps(); i++) {
            fleet.at(i).forEach(r -> batch.add(r.json()));
            if (batch.size() >= 9000 || i == fleet.steps() - 1) {
                given().contentType("application/json").body("[" + String.join(",", batch) + "]").post("/readings")
                        .then().statusCode(200);
                batch.clear();
            }
        }
        given().contentType("application/json").body(MeterFleet.GROUP).post("/api/v1/admin/groups").then()
                .statusCode(201);
        given().contentType("application/json").body("{\"at\":\"" + fleet.trainedUntil() + "\"}")
                .post("/api/v1/groups/meters/training").then().statusCode(200).body("failed", equalTo(0));
        Instant now = end.plus(Duration.ofMinutes(10));
        while (run.run(now).windowsScored() > 0) {
            now = now.plus(Duration.ofMinutes(15));
        }
        return now;
    }
}
