package dev.vigil.observability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alerting.AlertPublisher;
import dev.vigil.ingestion.ReadingsConsumer;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaResource;
import dev.vigil.testing.Series;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One reading, one run and one alert followed through their traces, with spans exported to memory. */
@QuarkusTest
@TestProfile(SpanCapture.Enabled.class)
class TracingTest {

    @Inject
    InMemorySpanExporter spans;
    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    AlertPublisher publisher;
    @Inject
    ReadingsConsumer consumer;

    @BeforeEach
    void clean() {
        db.reset();
        spans.reset();
    }

    private List<SpanData> trace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private static boolean named(List<SpanData> spans, String name) {
        return spans.stream().anyMatch(s -> s.getName().equals(name));
    }

    private static String traceparent(String traceId) {
        return "00-" + traceId + "-" + "00f067aa0ba902b7" + "-01";
    }

    private static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aReadingsTraceCoversTheRequestAndTheStorageTransaction() {
        String traceId = newTraceId();
        given().contentType("application/json").header("traceparent", traceparent(traceId))
                .body("{\"metric\":\"traced\",\"dimensions\":{\"meter\":\"m1\"},"
                        + "\"timestamp\":\"2026-11-01T10:01:00Z\",\"value\":1.5}")
                .post("/ingest").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> named(trace(traceId), "vigil.ingest.store"));
        List<SpanData> t = trace(traceId);
        SpanData server = t.stream().filter(s -> s.getParentSpanId().equals("00f067aa0ba902b7")).findFirst()
                .orElseThrow(() -> new AssertionError("no span continues the client's: " + t));
        SpanData store = t.stream().filter(s -> s.getName().equals("vigil.ingest.store")).findFirst().orElseThrow();
        assertEquals(server.getSpanId(), store.getParentSpanId(), "the storage transaction is the request's child");
    }

    @Test
    void aStructuredCloudEventsTraceparentIsLinked() {
        String traceId = newTraceId();
        given().contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/test\","
                        + "\"type\":\"dev.vigil.reading.v1\",\"traceparent\":\"" + traceparent(traceId) + "\","
                        + "\"data\":{\"metric\":\"traced\",\"timestamp\":\"2026-11-01T10:01:00Z\",\"value\":2}}")
                .post("/").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getLinks().stream().anyMatch(l -> l.getSpanContext().getTraceId().equals(traceId))));
    }

    @Test
    void theEventsOfABatchAreLinkedToTheirTraces() {
        String traceId = newTraceId();
        given().contentType("application/cloudevents-batch+json")
                .body("[{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/test\","
                        + "\"type\":\"dev.vigil.reading.v1\",\"traceparent\":\"" + traceparent(traceId) + "\","
                        + "\"data\":{\"metric\":\"traced\",\"timestamp\":\"2026-11-01T10:01:00Z\",\"value\":2}}]")
                .post("/").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getLinks().stream().anyMatch(l -> l.getSpanContext().getTraceId().equals(traceId))));
    }

    @Test
    void aKafkaPollLinksToItsProducersTracesAndCoversItsStorage() {
        String traceId = newTraceId();
        String topic = "vigil.readings.traced-" + UUID.randomUUID();
        RecordHeaders headers = new RecordHeaders();
        // a binary-mode CloudEvent: a ce_ header makes a record one, and it must then be a valid one
        Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/test",
                "ce_type", "dev.vigil.reading.v1", "ce_traceparent", traceparent(traceId))
                .forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        byte[] value = ("{\"metric\":\"traced\",\"dimensions\":{\"meter\":\"k1\"},"
                + "\"timestamp\":\"2026-11-01T10:01:00Z\",\"value\":3}").getBytes(StandardCharsets.UTF_8);
        var record = new ConsumerRecord<>(topic, 0, 0, 0L, TimestampType.CREATE_TIME, 0, 0, "k1", value, headers,
                java.util.Optional.empty());
        consumer.consume(new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), List.of(record))));
        await().atMost(Duration.ofSeconds(10)).until(() -> named(spans.getFinishedSpanItems(), "vigil.ingest.kafka.poll"));
        SpanData poll = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("vigil.ingest.kafka.poll"))
                .findFirst().orElseThrow();
        assertTrue(poll.getLinks().stream().anyMatch(l -> l.getSpanContext().getTraceId().equals(traceId)));
        await().atMost(Duration.ofSeconds(10)).until(() -> trace(poll.getTraceId()).stream()
                .anyMatch(s -> s.getName().equals("vigil.ingest.kafka.store")
                        && s.getParentSpanId().equals(poll.getSpanId())));
    }

    @Test
    void aRunsTraceCoversItsShardsAndItsAlertsCarryIt() throws Exception {
        Series.steady("pressure", "traced", 1200, 7);
        Series.at("pressure", "traced", 1200, 1_000);
        assertTrue(run.run(Series.nowAfter(1201)).anomalies() >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> named(spans.getFinishedSpanItems(), "vigil.detection.run"));
        SpanData root = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("vigil.detection.run"))
                .findFirst().orElseThrow();
        List<SpanData> shards = trace(root.getTraceId()).stream()
                .filter(s -> s.getName().equals("vigil.detection.shard")).toList();
        assertEquals(8, shards.size(), "one span per shard of the run");
        assertTrue(shards.stream().allMatch(s -> s.getParentSpanId().equals(root.getSpanId())));
        assertTrue(named(trace(root.getTraceId()), "vigil.detection.chunk"));

        assertTrue(publisher.publishBatch() >= 1);
        List<ConsumerRecord<String, byte[]>> alerts = readAlerts();
        ConsumerRecord<String, byte[]> alert = alerts.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("pressure{meter=traced}"))
                .findFirst().orElseThrow();
        String header = new String(alert.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        assertEquals(root.getTraceId(), header.split("-")[1], "the alert carries the run's trace id");
        String body = new String(alert.value(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"traceparent\":\"" + header + "\""), "and so does the CloudEvent itself");
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getName().equals("vigil.alerts.publish") && s.getLinks().stream()
                        .anyMatch(l -> l.getSpanContext().getTraceId().equals(root.getTraceId()))));
    }

    private static List<ConsumerRecord<String, byte[]>> readAlerts() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "t-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> out = new java.util.ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of("vigil.alerts"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
                if (out.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8)
                        .contains("pressure{meter=traced}"))) {
                    break;
                }
            }
        }
        assertFalse(out.isEmpty(), "alerts reached the topic");
        return out;
    }
}
