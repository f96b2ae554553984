package dev.vigil.demo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The demo's Kafka path against a real broker: a fleet sent as binary CloudEvents is stored whole, and the demo
 * knows when from the stored positions that {@code /api/v1/ingestion/offsets} reports.
 */
@QuarkusTest
class MeterDemoKafkaTest {

    @Inject
    Db db;
    @TestHTTPResource("/")
    URL root;

    @Test
    void aFleetSentOverKafkaIsStoredWholeBeforeTheDemoGoesOn() throws Exception {
        db.reset();
        MeterFleet fleet = new MeterFleet(30, Instant.parse("2026-10-20T00:00:00Z"), Duration.ofDays(4),
                Duration.ofHours(1), 3);
        long expected = 0;
        for (long i = 0; i < fleet.steps(); i++) {
            expected += fleet.at(i).size();
        }
        long sent = new MeterDemo(root.toString(), null).sendKafka(fleet, 0, KafkaResource.bootstrap(),
                "vigil.readings");
        assertEquals(expected, sent);
        // hourly readings: one reading per series and window, all stored when sendKafka returned
        assertEquals(expected, db.count("select coalesce(sum(count), 0) from window_aggregate"));
        assertEquals(30L * 4, db.count("select count(*) from series"));
        given().get("/api/v1/ingestion/offsets").then().statusCode(200)
                .body("find { it.topic == 'vigil.readings' }.nextOffset", greaterThanOrEqualTo(1));
    }
}
