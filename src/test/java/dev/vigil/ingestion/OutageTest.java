package dev.vigil.ingestion;

import static dev.vigil.ingestion.KafkaDeadLetterTest.reading;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.observability.KafkaProbe;
import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaResource;
import dev.vigil.testing.KafkaTopic;
import dev.vigil.testing.PostgresResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Outages of the services Vigil depends on. PostgreSQL down: Kafka ingestion waits and resumes by itself, nothing
 * lost or doubled, readiness DOWN meanwhile and liveness UP (no restart). Kafka down: readiness stays UP and HTTP
 * ingestion goes on, but {@code vigil_kafka_reachable} says 0 (and 1 again once it is back).
 */
@QuarkusTest
@Timeout(300)
class OutageTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true, tls = true)
    java.net.URL management;

    @Inject
    Db db;

    @Inject
    MeterRegistry meters;

    @Inject
    KafkaProbe kafkaProbe;

    private final KafkaTopic readings = new KafkaTopic(KafkaIngestTest.TOPIC);

    private void send(int from, int to) {
        for (int partition = 0; partition < 2; partition++) {
            int p = partition;
            readings.send(p, "outage", IntStream.rangeClosed(from, to).filter(i -> i % 2 == p)
                    .mapToObj(i -> reading("outage", "o" + p, i)).toArray(String[]::new));
        }
    }

    private Map<String, Object> totals() {
        return db.rows("select coalesce(sum(w.count), 0) as count, coalesce(sum(w.sum), 0) as sum "
                + "from window_aggregate w join series s on s.id = w.series_id where s.metric = 'outage'").get(0);
    }

    private double retries() {
        var c = meters.find("vigil.readings.store.retries").counter();
        return c == null ? 0 : c.count();
    }

    /** Health is on the management interface (HTTPS in tests, which configure a key store). */
    private int status(String path) {
        return given().relaxedHTTPSValidation().baseUri("https://localhost").port(management.getPort()).get(path)
                .statusCode();
    }

    @Test
    void postgresStoppedAndStartedDuringKafkaIngestionLosesAndDoublesNothing() {
        assumeTrue(PostgresResource.restartable(), "an external PostgreSQL (TEST_PG_URL) cannot be restarted");
        db.reset();
        double retriesBefore = retries();
        send(1, 100);
        PostgresResource.stopServer(); // while those 100 are being stored, or just before
        try {
            send(101, 200);
            await().atMost(Duration.ofSeconds(60)).until(() -> retries() > retriesBefore);
            await().atMost(Duration.ofSeconds(30)).until(() -> status("/q/health/ready") == 503);
            assertEquals(200, status("/q/health/live"), "a database outage must not restart Vigil");
            // HTTP clients are told to come back (503, Retry-After), not that Vigil is broken (500)
            given().contentType("application/json").body("[" + reading("http-while-pg-down", "h", 1) + "]")
                    .post("/readings").then().statusCode(503).header("Retry-After", "5")
                    .body("code", org.hamcrest.Matchers.equalTo("StorageUnavailable"));
        } finally {
            PostgresResource.startServer();
        }
        send(201, 300);
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .until(() -> ((Number) totals().get("count")).longValue() == 300);
        assertEquals(300 * 301 / 2, ((Number) totals().get("sum")).doubleValue(), 1e-9);
        await().atMost(Duration.ofSeconds(30)).until(() -> status("/q/health/ready") == 200);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> ((Number) totals().get("count")).longValue() == 300);
    }

    private double kafkaReachable() {
        return meters.get("vigil.kafka.reachable").gauge().value();
    }

    @Test
    void aKafkaOutageLeavesReadinessAndHttpIngestionUpAndShowsInTheReachableGauge() {
        db.reset();
        assertTrue(kafkaProbe.probe());
        assertEquals(1.0, kafkaReachable());
        KafkaResource.stopBroker();
        try {
            long start = System.nanoTime();
            assertFalse(kafkaProbe.probe(), "the broker is gone");
            assertEquals(0.0, kafkaReachable());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "within the probe's time-out");
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20))
                    .until(() -> status("/q/health/ready") == 200);
            given().contentType("application/json").body("[" + reading("http-while-kafka-down", "h", 5) + "]")
                    .post("/readings").then().statusCode(200);
            assertEquals(200, status("/q/health/live"));
        } finally {
            KafkaResource.startBroker();
        }
        await().atMost(Duration.ofSeconds(60)).until(kafkaProbe::probe);
        assertEquals(1.0, kafkaReachable());
        assertEquals(5.0, ((Number) db.rows("select sum from window_aggregate").get(0).get("sum")).doubleValue());
    }
}
