package dev.vigil.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageWriter;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP ingestion with the CloudEvents SDK as the client, in binary and structured mode, and as plain JSON. */
@QuarkusTest
class HttpIngestTest {

    @Inject
    Db db;
    @Inject
    dev.vigil.storage.EventLedger ledger;

    @BeforeEach
    void clean() {
        db.reset();
    }

    static CloudEvent event(String type, String id, String json) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/meters/test")).withType(type)
                .withTime(OffsetDateTime.of(2026, 11, 1, 12, 3, 0, 0, ZoneOffset.UTC))
                .withDataContentType("application/json").withData(json.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** Posts a CloudEvent through the SDK's HTTP message writer, binary or structured. */
    static RequestSpecification send(CloudEvent event, boolean structured) {
        RequestSpecification spec = given();
        MessageWriter<?, ?> writer = HttpMessageFactory.createWriter(spec::header, body -> spec.body(body));
        if (structured) {
            writer.writeStructured(event, JsonFormat.CONTENT_TYPE);
        } else {
            writer.writeBinary(event);
        }
        return spec;
    }

    @Test
    void binaryModeSingleReadingTakesEventTimeWhenNoTimestamp() {
        send(event("dev.vigil.reading.v1", UUID.randomUUID().toString(),
                "{\"metric\":\"power\",\"dimensions\":{\"meter\":\"m1\"},\"value\":2.5}"), false)
                .post("/").then().statusCode(200).header("ce-type", "dev.vigil.ingested.v1")
                .body("accepted", equalTo(1));
        assertEquals(1, db.count("select count(*) from window_aggregate where window_start = '2026-11-01T12:00:00Z'"
                + " and sum = 2.5 and count = 1"));
        assertEquals("power{meter=m1}", db.rows("select series_key from series").get(0).get("series_key"));
    }

    @Test
    void structuredModeBatch() {
        String batch = "[{\"metric\":\"power\",\"dimensions\":{\"meter\":\"m1\"},\"timestamp\":\"2026-11-01T12:00:10Z\",\"value\":1},"
                + "{\"metric\":\"power\",\"dimensions\":{\"meter\":\"m1\"},\"timestamp\":\"2026-11-01T12:04:59Z\",\"value\":3},"
                + "{\"metric\":\"power\",\"dimensions\":{\"meter\":\"m1\"},\"timestamp\":\"2026-11-01T12:05:00Z\",\"value\":7}]";
        send(event("dev.vigil.readings.v1", UUID.randomUUID().toString(), batch), true)
                .post("/").then().statusCode(200).body("data.accepted", equalTo(3));
        var rows = db.rows("select count, sum, min, max, last_value from window_aggregate order by window_start");
        assertEquals(2, rows.size());
        assertEquals(2L, rows.get(0).get("count"));
        assertEquals(4.0, rows.get(0).get("sum"));
        assertEquals(3.0, rows.get(0).get("last_value"));
        assertEquals(7.0, rows.get(1).get("max"));
    }

    @Test
    void plainJsonToTheFunctionPath() {
        given().contentType("application/json")
                .body("{\"readings\":[{\"metric\":\"cpu\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":0.5}]}")
                .post("/readings").then().statusCode(200).body("accepted", equalTo(1));
        // Funqy's plain-HTTP path to the same function works too
        given().contentType("application/json")
                .body("{\"metric\":\"cpu\",\"timestamp\":\"2026-11-01T00:01:00Z\",\"value\":1.5}")
                .post("/ingest").then().statusCode(200).body("accepted", equalTo(1));
        assertEquals(2.0, db.rows("select sum from window_aggregate").get(0).get("sum"));
        assertEquals(1, db.count("select count(*) from series where metric = 'cpu' and dimensions = '{}'::jsonb"));
    }

    @Test
    void duplicateCloudEventIsCountedOnce() {
        CloudEvent e = event("dev.vigil.reading.v1", "dup-1",
                "{\"metric\":\"power\",\"timestamp\":\"2026-11-01T12:00:00Z\",\"value\":4}");
        send(e, false).post("/").then().statusCode(200).body("accepted", equalTo(1));
        send(e, true).post("/").then().statusCode(200).header("Content-Type", "application/cloudevents+json")
                .body("type", equalTo("dev.vigil.ingested.v1")).body("data.accepted", equalTo(0))
                .body("data.duplicate", equalTo(true));
        assertEquals(1, db.count("select count from window_aggregate"));
    }

    @Test
    void idsPastTheHorizonAreForgottenSoTheLedgerStaysBounded() {
        send(event("dev.vigil.reading.v1", "old-1",
                "{\"metric\":\"power\",\"timestamp\":\"2026-11-01T12:00:00Z\",\"value\":4}"), false)
                .post("/").then().statusCode(200);
        db.exec("update ingested_event set received_at = now() - interval '8 days'");
        assertEquals(1, ledger.forgetBefore(java.time.Instant.now().minus(java.time.Duration.ofDays(7)), 1000));
        assertEquals(0, db.count("select count(*) from ingested_event"));
    }

    @Test
    void javaHttpClientDefaultsWork() throws Exception {
        // Java's HttpClient prefers HTTP/2 and tries an h2c upgrade on a POST with a body
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/readings"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"metric\":\"h2\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }
}
