package dev.vigil.ingestion;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaResource;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Readings through a real broker: CloudEvents (binary and structured, via the SDK's serializer) and plain JSON. */
@QuarkusTest
class KafkaIngestTest {

    static final String TOPIC = "vigil.readings";

    @Inject
    Db db;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static Properties props(Class<?> valueSerializer) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static void sendEvents(Encoding encoding, CloudEvent... events) throws Exception {
        Properties p = props(CloudEventSerializer.class);
        p.put(CloudEventSerializer.ENCODING_CONFIG, encoding.name());
        p.put(CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE);
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(p)) {
            for (CloudEvent e : events) {
                producer.send(new ProducerRecord<>(TOPIC, "power{meter=k1}", e)).get();
            }
        }
    }

    private static void sendPlain(String... values) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props(ByteArraySerializer.class))) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(TOPIC, "power{meter=k1}", v.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private static CloudEvent event(String id, double value) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/meters/k1")).withType("dev.vigil.reading.v1")
                .withData("application/json", ("{\"metric\":\"power\",\"dimensions\":{\"meter\":\"k1\"},"
                        + "\"timestamp\":\"2026-11-01T10:01:00Z\",\"value\":" + value + "}").getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private double storedSum() {
        var rows = db.rows("select sum from window_aggregate where window_start = '2026-11-01T10:00:00Z'");
        return rows.isEmpty() ? 0 : (Double) rows.get(0).get("sum");
    }

    @Test
    void everyEncodingArrivesOnceAndOffsetsAreStoredWithTheAggregates() throws Exception {
        sendEvents(Encoding.BINARY, event("k-1", 1), event("k-2", 2));
        sendEvents(Encoding.STRUCTURED, event("k-3", 4), event("k-1", 1)); // k-1 again: a redelivery
        sendPlain("{\"metric\":\"power\",\"dimensions\":{\"meter\":\"k1\"},\"timestamp\":\"2026-11-01T10:02:00Z\",\"value\":8}",
                "not json at all",
                "[{\"metric\":\"power\",\"dimensions\":{\"meter\":\"k1\"},\"timestamp\":\"2026-11-01T10:03:00Z\",\"value\":16}]");
        await().atMost(Duration.ofSeconds(60)).until(() -> storedSum() == 31.0);
        Map<String, Object> w = db.rows("select count, min, max from window_aggregate").get(0);
        assertEquals(5L, w.get("count"));
        assertEquals(1.0, w.get("min"));
        assertEquals(16.0, w.get("max"));
        // the stored positions cover everything sent (7 records on the key's one partition)
        await().atMost(Duration.ofSeconds(30)).until(() ->
                db.count("select coalesce(sum(next_offset), 0) from ingest_offset where topic = ?", TOPIC) >= 7);
    }
}
