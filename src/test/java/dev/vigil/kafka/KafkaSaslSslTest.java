package dev.vigil.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alerting.AlertPublisher;
import dev.vigil.observability.KafkaProbe;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.storage.Json;
import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaTopic;
import dev.vigil.testing.PostgresResource;
import dev.vigil.testing.SecureKafka;
import dev.vigil.testing.SecureKafkaResource;
import dev.vigil.testing.Series;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Vigil against a broker that speaks only SASL_SSL (SCRAM-SHA-512, a self-signed certificate trusted as a private CA
 * in PEM), configured by the typed {@code vigil.kafka.*} settings alone: readings come in, an alert goes out, the
 * probe's admin client gets through, and a password the broker no longer takes reads 0 and says why while HTTP
 * ingestion goes on. No log line holds the password. Its own broker and PostgreSQL, not the shared ones.
 */
@QuarkusTest
@TestProfile(KafkaSaslSslTest.SaslSsl.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class KafkaSaslSslTest {

    public static class SaslSsl implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresResource.class),
                    new TestResourceEntry(SecureKafkaResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true; // the shared plaintext broker would be a second kafka.bootstrap.servers
        }
    }

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    AlertPublisher publisher;
    @Inject
    KafkaProbe probe;
    @Inject
    MeterRegistry meters;

    private static SecureKafka kafka() {
        return SecureKafkaResource.kafka();
    }

    private double reachable() {
        return meters.get("vigil.kafka.reachable").gauge().value();
    }

    private long windows(String seriesKey) {
        return db.count("select count(*) from window_aggregate w join series s on s.id = w.series_id "
                + "where s.series_key = ?", seriesKey);
    }

    @Test
    @Order(1)
    void readingsComeInAnAlertGoesOutAndTheProbeGetsThrough() throws Exception {
        db.reset();
        new KafkaTopic("vigil.readings", kafka().plainBootstrap()).send(null, "tls{meter=k1}",
                "{\"metric\":\"tls\",\"dimensions\":{\"meter\":\"k1\"},\"timestamp\":\"2026-11-01T10:01:00Z\","
                        + "\"value\":1.5}");
        await().atMost(Duration.ofSeconds(30)).until(() -> windows("tls{meter=k1}") == 1);

        Series.steady("tls", "a1", 1200, 7);
        Series.at("tls", "a1", 1200, 1_000);
        assertTrue(run.run(Series.nowAfter(1201)).anomalies() >= 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            publisher.publishBatch();
            return db.count("select count(*) from alert_outbox where published_at is null") == 0;
        });
        List<ConsumerRecord<String, byte[]>> alerts =
                new KafkaTopic("vigil.alerts", kafka().plainBootstrap()).readAll();
        assertTrue(alerts.stream().anyMatch(r -> "tls{meter=a1}".equals(subject(r))), alerts.size() + " alerts");

        assertTrue(probe.probe());
        assertEquals(1.0, reachable());
        assertTrue(SecureKafkaResource.logged().stream().anyMatch(l -> l.contains(
                "Kafka clients connect with SASL_SSL, SASL SCRAM-SHA-512 as vigil, trusting PEM ")), "start line");
    }

    @Test
    @Order(2)
    void aPasswordTheBrokerNoLongerTakesReadsZeroWhileHttpIngestionGoesOn() {
        kafka().setPassword("rotated-on-the-broker");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> !probe.probe());
            assertEquals(0.0, reachable());
            assertTrue(SecureKafkaResource.logged().stream().anyMatch(l -> l.contains("Kafka unreachable: "
                    + "org.apache.kafka.common.errors.SaslAuthenticationException")), "the log names the cause");
            Series.at("over-http", "h1", 3, 2.5);
            assertEquals(1, windows("over-http{meter=h1}"));
        } finally {
            kafka().setPassword(SecureKafkaResource.PASSWORD);
        }
        // a fresh admin client per failed probe: Kafka's own stayed refused for minutes after the password was right
        await().atMost(Duration.ofSeconds(30)).until(probe::probe);
        assertEquals(1.0, reachable());
    }

    @Test
    @Order(3)
    void noLogLineHoldsThePassword() {
        List<String> lines = SecureKafkaResource.logged();
        assertTrue(lines.size() > 10, lines.size() + " lines");
        assertEquals(List.of(), lines.stream().filter(l -> l.contains(SecureKafkaResource.PASSWORD)).toList());
    }

    private static String subject(ConsumerRecord<String, byte[]> r) {
        try {
            return Json.mapper().readTree(r.value()).path("subject").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
