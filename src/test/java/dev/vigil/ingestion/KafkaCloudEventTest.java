package dev.vigil.ingestion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaTopic;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Kafka record that claims to be a CloudEvent (a {@code ce_} header or a CloudEvents content type) is held to the
 * rules HTTP applies, through the real broker: one that breaks them is dead-lettered with the code, field and message
 * HTTP answers; valid events of two producers that share an id are both stored; a plain JSON record still is.
 */
@QuarkusTest
class KafkaCloudEventTest {

    static final String METRIC = "cerules";

    @Inject
    Db db;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static String reading(String meter, double value) {
        return KafkaDeadLetterTest.reading(METRIC, meter, value);
    }

    private static Map<String, String> binary(String source, String id) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce_specversion", "1.0");
        h.put("ce_id", id);
        h.put("ce_source", source);
        h.put("ce_type", "dev.vigil.reading.v1");
        h.put("content-type", "application/json");
        return h;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        headers.remove(name);
        return headers;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    private static String structured(String type, String dataType, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/structured\",\"type\":\""
                + type + "\",\"datacontenttype\":\"" + dataType + "\",\"data\":" + data + "}";
    }

    private double sum() {
        return db.count("select coalesce(sum(w.sum), 0) from window_aggregate w join series s on s.id = w.series_id "
                + "where s.metric = ?", METRIC) + 0.0;
    }

    @Test
    void aRecordThatClaimsToBeACloudEventMustBeAValidOneAndIsDeadLetteredAsHttpWouldRefuseIt() {
        String run = UUID.randomUUID().toString();
        KafkaTopic readings = new KafkaTopic(KafkaIngestTest.TOPIC);
        Map<String, String> cloudEvents = Map.of("content-type", "application/cloudevents+json");
        // refused: expected "code field" by the bad record's offset
        Map<Long, String> refused = new LinkedHashMap<>();
        refused.put(send(readings, run, reading("r1", 100), without(binary("/a", "r1"), "ce_source")),
                "InvalidCloudEvent ce_source");
        refused.put(send(readings, run, reading("r2", 100), without(binary("/a", "r2"), "ce_type")),
                "InvalidCloudEvent ce_type");
        refused.put(send(readings, run, reading("r3", 100), without(binary("/a", "r3"), "ce_specversion")),
                "InvalidCloudEvent ce_specversion");
        refused.put(send(readings, run, reading("r4", 100), with(binary("/a", "r4"), "ce_specversion", "0.1")),
                "InvalidCloudEvent ce_specversion");
        refused.put(send(readings, run, reading("r5", 100), with(binary("/a", "r5"), "content-type", "text/csv")),
                "UnsupportedMediaType content-type");
        refused.put(send(readings, run, reading("r6", 100),
                with(binary("/a", "r6"), "ce_type", "dev.vigil.detection.requested.v1")), "InvalidCloudEvent ce_type");
        refused.put(send(readings, run, reading("r7", 100), Map.of("ce_id", "only-an-id")),
                "InvalidCloudEvent ce_specversion");
        refused.put(send(readings, run, structured("dev.vigil.detection.requested.v1", "application/json",
                reading("r8", 100)), cloudEvents), "InvalidCloudEvent type");
        String textData = structured("dev.vigil.reading.v1", "text/plain", "\"power,1\"");
        refused.put(send(readings, run, textData, cloudEvents), "UnsupportedMediaType datacontenttype");
        refused.put(send(readings, run, "[" + structured("dev.vigil.reading.v1", "application/json",
                reading("r9", 100)) + "]", Map.of("content-type", "application/cloudevents-batch+json")),
                "UnsupportedMediaType content-type");

        // taken: two producers' events with the same id, an event without a data type, a structured one, plain JSON
        send(readings, run, reading("a", 1), binary("/producer-a", "seq-1"));
        send(readings, run, reading("b", 2), binary("/producer-b", "seq-1"));
        send(readings, run, reading("c", 4), without(binary("/producer-c", "seq-1"), "content-type"));
        send(readings, run, structured("dev.vigil.reading.v1", "application/json", reading("d", 8)), cloudEvents);
        send(readings, run, reading("e", 16), Map.of());
        // the same producer's event again is a redelivery, counted once
        send(readings, run, reading("a", 1), binary("/producer-a", "seq-1"));

        await().atMost(Duration.ofSeconds(60)).until(() -> sum() == 31.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> letters(run).size() == refused.size());
        Map<Long, ConsumerRecord<String, byte[]>> letters = letters(run);
        refused.forEach((offset, expected) -> {
            ConsumerRecord<String, byte[]> letter = letters.get(offset);
            assertEquals(expected, KafkaTopic.header(letter, "dead-letter-code") + " "
                    + KafkaTopic.header(letter, "dead-letter-field"), "offset " + offset);
        });
        assertEquals(0, db.count("select count(*) from series where metric = ? and dimensions->>'meter' like 'r%'",
                METRIC));

        // the reason is HTTP's message for the same event
        ExtractableResponse<Response> http = given().contentType("application/cloudevents+json").body(textData)
                .post("/").then().statusCode(415).extract();
        ConsumerRecord<String, byte[]> letter = letters.get(refused.entrySet().stream()
                .filter(e -> e.getValue().endsWith("datacontenttype")).findFirst().orElseThrow().getKey());
        assertEquals(http.path("code") + " " + http.path("field") + " " + http.path("message"),
                KafkaTopic.header(letter, "dead-letter-code") + " " + KafkaTopic.header(letter, "dead-letter-field")
                        + " " + KafkaTopic.header(letter, "dead-letter-reason"));
    }

    private static long send(KafkaTopic topic, String key, String value, Map<String, String> headers) {
        return topic.send(0, key, value.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** The dead letters keyed {@code run}, by their original offset. */
    private static Map<Long, ConsumerRecord<String, byte[]>> letters(String run) {
        List<ConsumerRecord<String, byte[]>> all = KafkaDeadLetterTest.DLQ.readAll();
        Map<Long, ConsumerRecord<String, byte[]>> byOffset = new LinkedHashMap<>();
        all.stream().filter(r -> run.equals(r.key()))
                .forEach(r -> byOffset.put(Long.parseLong(KafkaTopic.header(r, "dead-letter-offset")), r));
        return byOffset;
    }
}
