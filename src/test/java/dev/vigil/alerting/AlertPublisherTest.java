package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.storage.Json;
import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaResource;
import dev.vigil.testing.Series;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Anomalies reach the alerts topic as CloudEvents, and a broker outage delays them without losing any. */
@QuarkusTest
class AlertPublisherTest {

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    AlertPublisher publisher;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static List<CloudEvent> consumeAll(String groupId, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        List<CloudEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of("vigil.alerts"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (events.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    events.add(format.deserialize(r.value()));
                }
            }
        }
        return events;
    }

    /** A steady series with a spike at its end; {@code runNo} gives each run its own cutoff (its own claims). */
    private int anomalyIn(String meter, int runNo) {
        Series.steady("pressure", meter, 1200, meter.hashCode());
        Series.at("pressure", meter, 1200, 1_000);
        return run.run(Series.nowAfter(1201).plusSeconds(600L * runNo)).anomalies();
    }

    @Test
    void anomaliesArePublishedAsCloudEventsAndSurviveABrokerOutage() throws Exception {
        assertTrue(anomalyIn("a1", 1) >= 1);
        assertTrue(publisher.publishBatch() >= 1);
        assertEquals(0, db.count("select count(*) from alert_outbox where published_at is null"));
        CloudEvent first = consumeAll("t-" + UUID.randomUUID(), 1).stream()
                .filter(e -> "pressure{meter=a1}".equals(e.getSubject())).findFirst().orElseThrow();
        assertEquals(AlertEvents.TYPE, first.getType());
        JsonNode data = Json.mapper().readTree(first.getData().toBytes());
        assertEquals("pressure", data.get("metric").asText());
        assertEquals("a1", data.get("dimensions").get("meter").asText());
        assertEquals(Series.windowStart(1200).toString(), data.get("windowStart").asText());
        assertTrue(data.get("value").asDouble() > 999 && data.get("severity").asDouble() > 0);
        assertTrue(data.get("upper").asDouble() < 1_000);
        assertEquals("value", data.get("reason").asText(), "a spike far above its band is flagged for its value");

        KafkaResource.stopBroker();
        try {
            int during = anomalyIn("a2", 2);
            assertTrue(during >= 1);
            assertThrows(RuntimeException.class, publisher::publishBatch);
            assertEquals(db.count("select count(*) from alert_decision d join series s on s.id = d.series_id "
                    + "where s.series_key = 'pressure{meter=a2}' and d.outcome = 'alerted'"),
                    db.count("select count(*) from alert_outbox where published_at is null"),
                    "unacknowledged alerts stay in the outbox");
        } finally {
            KafkaResource.startBroker();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (db.count("select count(*) from alert_outbox where published_at is null") > 0
                && System.nanoTime() < deadline) {
            try {
                publisher.publishBatch();
            } catch (RuntimeException stillReconnecting) {
                Thread.onSpinWait();
            }
        }
        assertEquals(0, db.count("select count(*) from alert_outbox where published_at is null"));
        List<CloudEvent> all = consumeAll("t-" + UUID.randomUUID(), 2);
        assertTrue(all.stream().anyMatch(e -> "pressure{meter=a2}".equals(e.getSubject())),
                "the alert raised during the outage arrives after it");
    }
}
