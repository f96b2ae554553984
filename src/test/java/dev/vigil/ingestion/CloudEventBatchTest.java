package dev.vigil.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CloudEvents in batched content mode ({@code application/cloudevents-batch+json}), as Azure Event Grid and other
 * emitters deliver them, written with the CloudEvents SDK's JSON format; and the webhook handshake they ask first.
 */
@QuarkusTest
class CloudEventBatchTest {

    private static final String BATCH = "application/cloudevents-batch+json";

    @Inject
    Db db;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static CloudEvent event(String type, String id, String json) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/meters/batch")).withType(type)
                .withTime(OffsetDateTime.of(2026, 11, 1, 12, 3, 0, 0, ZoneOffset.UTC))
                .withDataContentType("application/json").withData(json.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** The events as one batch: a JSON array of their structured-mode serialisations. */
    private static String batch(List<CloudEvent> events) {
        JsonFormat format = new JsonFormat();
        return events.stream().map(e -> new String(format.serialize(e), StandardCharsets.UTF_8))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String reading(String meter, double value) {
        return "{\"metric\":\"power\",\"dimensions\":{\"meter\":\"" + meter + "\"},\"value\":" + value + "}";
    }

    @Test
    void aBatchIsStoredOnceAsAWholeAndARedeliveryIsDropped() {
        String body = batch(List.of(
                event("dev.vigil.reading.v1", "b-1", reading("m1", 1)),
                event("dev.vigil.reading.v1", "b-2", reading("m2", 2)),
                event("dev.vigil.readings.v1", "b-3", "[" + reading("m3", 3) + "," + reading("m4", 4) + "]")));
        given().contentType(BATCH).body(body).post("/").then().statusCode(200)
                .body("accepted", equalTo(4)).body("duplicates", equalTo(0)).body("duplicate", equalTo(false));
        assertEquals(4, db.count("select count(*) from window_aggregate where window_start = '2026-11-01T12:00:00Z'"));
        given().contentType(BATCH).body(body).post("/ingestBatch").then().statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(4)).body("duplicate", equalTo(true));
        assertEquals(4, db.count("select sum(count) from window_aggregate"));
        // an event repeated within one batch counts once
        String twice = batch(List.of(event("dev.vigil.reading.v1", "b-9", reading("m9", 9)),
                event("dev.vigil.reading.v1", "b-9", reading("m9", 9))));
        given().contentType(BATCH).body(twice).post("/ingest").then().statusCode(200)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(1));
    }

    @Test
    void aBadEventIsNamedByItsIndexAndNothingOfTheBatchIsStored() {
        String good = batch(List.of(event("dev.vigil.reading.v1", UUID.randomUUID().toString(), reading("m1", 1))))
                .replaceAll("^\\[|\\]$", "");
        String badValue = batch(List.of(event("dev.vigil.reading.v1", UUID.randomUUID().toString(),
                "{\"metric\":\"power\",\"value\":\"high\"}"))).replaceAll("^\\[|\\]$", "");
        expect("[" + good + "," + badValue + "]", 400, "InvalidReading", "[1].data.value");
        String detect = batch(List.of(event("dev.vigil.detection.requested.v1", "d-1", "{}")))
                .replaceAll("^\\[|\\]$", "");
        expect("[" + good + "," + detect + "]", 400, "InvalidCloudEvent", "[1].type");
        expect("[" + good.replace("\"id\":", "\"idx\":") + "]", 400, "InvalidCloudEvent", "[0].id");
        expect("[" + good.replace("\"specversion\":\"1.0\"", "\"specversion\":\"0.3\"") + "]", 400,
                "InvalidCloudEvent", "[0].specversion");
        expect("[" + good.replace("2026-11-01T12:03:00Z", "noon") + "]", 400, "InvalidCloudEvent", "[0].time");
        expect("[" + good.replace("application/json", "text/csv") + "]", 415, "UnsupportedMediaType",
                "[0].datacontenttype");
        expect("[" + good + ",7]", 400, "InvalidCloudEvent", "[1]");
        expect(good, 400, "InvalidCloudEvent", null);
        expect("[]", 400, "EmptyBatch", null);
        expect("[" + good, 400, "MalformedJson", "data");
        assertEquals(0, db.count("select count(*) from window_aggregate"), "nothing half-stored");
        assertEquals(0, db.count("select count(*) from ingested_event"), "no event id taken");
    }

    private static void expect(String body, int status, String code, String field) {
        var then = given().contentType(BATCH).body(body).post("/").then().statusCode(status).body("code", equalTo(code));
        then.body("field", equalTo(field));
    }

    @Test
    void theWebhookHandshakeNamesTheOrigin() {
        for (String path : new String[] {"/", "/ingestBatch"}) {
            given().header("WebHook-Request-Origin", "eventgrid.azure.net").options(path).then().statusCode(200)
                    .header("WebHook-Allowed-Origin", "eventgrid.azure.net").header("WebHook-Allowed-Rate", "*");
        }
        // /readings takes plain readings, not CloudEvents: no emitter is told it may deliver there
        given().header("WebHook-Request-Origin", "eventgrid.azure.net").options("/readings").then()
                .header("WebHook-Allowed-Origin", org.hamcrest.Matchers.nullValue());
    }
}
