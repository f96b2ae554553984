package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.storage.Json;
import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaResource;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * All open silences of a scope are dismissed in one call, as many single dismissals would: each ends as dismissed,
 * the scope's ended event reaches the alerts topic once, other scopes stay open, a second call ends nothing; on real
 * PostgreSQL and Kafka. The role check is in {@code AccessTest}.
 */
@QuarkusTest
class SilenceScopeDismissTest {

    static final int END = 60;

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    AlertPublisher publisher;

    /** Each test's own dimension values: the topic keeps other tests' (and other runs') events of the same series. */
    private String tag;

    @BeforeEach
    void clean() {
        db.reset();
        tag = Long.toString(System.nanoTime(), 36);
    }

    private long events(String type) {
        return db.count("select count(*) from alert_outbox where payload->>'type' = ?", type);
    }

    private long open() {
        return db.count("select count(*) from series_silence where ended_at is null");
    }

    private static ValidatableResponse dismiss(String body) {
        return given().contentType("application/json").body(body).post("/api/v1/silence/dismiss").then();
    }

    /** Feeders f1 to f3 of five meters (power and voltage each), sending until their {@code stops}. */
    private void feeders(int... stops) {
        for (int f = 1; f <= stops.length; f++) {
            for (int m = 0; m < 5; m++) {
                Map<String, String> dims = Map.of("meter", tag + "f" + f + "m" + m, "feeder", tag + "f" + f,
                        "region", "north");
                Readings.post("power", dims, 0, stops[f - 1], i -> 1 + i % 3);
                Readings.post("voltage", dims, 0, stops[f - 1], i -> 230 + i % 3);
            }
        }
    }

    @Test
    void aFeedersSilencesEndInOneCallAndItsEndedEventIsSentOnce() {
        // f2 stops first, f3 later: two shared scopes; a meter of feeder f9 stopping by itself is reported alone
        feeders(END + 24, END - 12, END);
        Readings.post("power", Map.of("meter", tag + "x", "feeder", tag + "f9", "region", "south"), 0, END - 12,
                i -> 1);
        run.run(Series.nowAfter(END));
        run.run(Series.nowAfter(END + 12));
        assertEquals(10, db.count("select count(*) from series_silence where scope = ?",
                "{\"feeder\":\"" + tag + "f2\"}"));
        assertEquals(10, db.count("select count(*) from series_silence where scope = ?",
                "{\"feeder\":\"" + tag + "f3\"}"));
        assertEquals(21, open());
        assertEquals(2, events(SilenceEvents.SCOPE_STARTED));

        dismiss("{\"scope\": {\"feeder\": \"" + tag + "f2\"}}").statusCode(200)
                .body("scope.feeder", equalTo(tag + "f2")).body("metric", equalTo(null))
                .body("dismissed", equalTo(10)).body("endedEvents", equalTo(0)).body("scopesEnded", equalTo(1))
                .body("remaining", equalTo(0));
        assertEquals(10, db.count("select count(*) from series_silence s join series x on x.id = s.series_id "
                + "where s.ended_by = 'dismissed' and s.resumed_window is null and x.dimensions->>'feeder' = ?",
                tag + "f2"));
        assertEquals(11, open(), "feeder f3 and the lone meter stay silent");
        assertEquals(1, events(SilenceEvents.SCOPE_ENDED));
        assertEquals(0, events(SilenceEvents.ENDED), "scoped series send no event of their own");

        // again: nothing open in the scope is no error, and nothing is sent twice
        dismiss("{\"scope\": {\"feeder\": \"" + tag + "f2\"}}").statusCode(200).body("dismissed", equalTo(0))
                .body("scopesEnded", equalTo(0)).body("remaining", equalTo(0));
        assertEquals(1, events(SilenceEvents.SCOPE_ENDED));
        // the next run does not report the same stop again
        run.run(Series.nowAfter(END + 24));
        assertEquals(11, open());
        assertEquals(2, events(SilenceEvents.SCOPE_STARTED));
        assertEquals(1, events(SilenceEvents.STARTED));

        // a metric narrows it: the lone meter's is power, and it sends its own ended event
        dismiss("{\"scope\": {\"feeder\": \"" + tag + "f9\"}, \"metric\": \"voltage\"}").statusCode(200)
                .body("dismissed", equalTo(0)).body("metric", equalTo("voltage"));
        dismiss("{\"scope\": {\"feeder\": \"" + tag + "f9\"}, \"metric\": \"power\"}").statusCode(200)
                .body("dismissed", equalTo(1)).body("endedEvents", equalTo(1)).body("scopesEnded", equalTo(0));
        assertEquals(10, open());
        assertEquals(1, events(SilenceEvents.ENDED));

        // on the topic: each scope's started event, the dismissed scope's ended event once, the lone meter's pair
        List<JsonNode> sent = published();
        assertEquals(1, count(sent, SilenceEvents.SCOPE_ENDED, "silence/feeder=" + tag + "f2"));
        assertEquals(0, count(sent, SilenceEvents.SCOPE_ENDED, "silence/feeder=" + tag + "f3"));
        assertEquals(1, count(sent, SilenceEvents.SCOPE_STARTED, "silence/feeder=" + tag + "f3"));
        assertEquals(1, count(sent, SilenceEvents.ENDED, "power{feeder=" + tag + "f9,meter=" + tag
                + "x,region=south}"));
    }

    @Test
    void aFleetIsDismissedInBoundedCallsAndItsScopeEndsWithTheLast() {
        int fleet = 103;
        for (int m = 0; m < fleet; m++) {
            Readings.post("current", Map.of("meter", tag + m), 0, 4, i -> 4 + i);
        }
        run.run(Series.nowAfter(20));
        assertEquals(fleet, db.count("select count(*) from series_silence where scope = '{}'"));

        dismiss("{\"scope\": {}, \"limit\": 50}").statusCode(200).body("dismissed", equalTo(50))
                .body("scopesEnded", equalTo(0)).body("remaining", equalTo(53));
        dismiss("{\"scope\": {}, \"limit\": 50}").statusCode(200).body("dismissed", equalTo(50))
                .body("remaining", equalTo(3));
        assertEquals(0, events(SilenceEvents.SCOPE_ENDED), "three of the fleet are still silent");
        dismiss("{\"scope\": {}}").statusCode(200).body("scope", equalTo(Map.of())).body("dismissed", equalTo(3))
                .body("scopesEnded", equalTo(1)).body("remaining", equalTo(0));
        assertEquals(1, events(SilenceEvents.SCOPE_ENDED));
        assertEquals(0, open());
        dismiss("{\"scope\": {}}").statusCode(200).body("dismissed", equalTo(0));
        assertEquals(1, count(published(), SilenceEvents.SCOPE_ENDED, "silence/fleet"));
    }

    @Test
    void badBodiesAreRefusedNamingTheFieldAndDismissNothing() {
        Readings.post("power", Map.of("meter", tag), 0, END - 12, i -> 1);
        run.run(Series.nowAfter(END));
        assertEquals(1, open());
        String longText = "v".repeat(257);
        for (String[] bad : new String[][] {
            {"{\"scope\": {}, \"scpe\": {}}", "InvalidDismissal", "scpe"},
            {"{}", "InvalidDismissal", "scope"},
            {"{\"scope\": null}", "InvalidDismissal", "scope"},
            {"{\"scope\": [\"meter\"]}", "InvalidDismissal", "scope"},
            {"{\"scope\": \"fleet\"}", "InvalidDismissal", "scope"},
            {"{\"scope\": {\"meter\": 7}}", "InvalidDismissal", "scope.meter"},
            {"{\"scope\": {\"meter\": \"" + longText + "\"}}", "InvalidDismissal", "scope.meter"},
            {"{\"scope\": {\"meter\": \" \"}}", "InvalidDismissal", "scope.meter"},
            {"{\"scope\": {\"meter\": \"a\\u0000b\"}}", "InvalidCharacter", "scope.meter"},
            {"{\"scope\": {\"meter\": \"a\\u0007b\"}}", "InvalidCharacter", "scope.meter"},
            {"{\"scope\": {}, \"metric\": \"\"}", "InvalidDismissal", "metric"},
            {"{\"scope\": {}, \"metric\": \"" + longText + "\"}", "InvalidDismissal", "metric"},
            {"{\"scope\": {}, \"metric\": \"p\\u0000\"}", "InvalidCharacter", "metric"},
            {"{\"scope\": {}, \"metric\": \"p\\u202Ew\"}", "InvalidCharacter", "metric"},
            {"{\"scope\": {}, \"metric\": 5}", "InvalidDismissal", "metric"},
            {"{\"scope\": {}, \"limit\": 0}", "InvalidDismissal", "limit"},
            {"{\"scope\": {}, \"limit\": 2.5}", "InvalidDismissal", "limit"},
            {"{\"scope\": {}, \"limit\": 10001}", "InvalidDismissal", "limit"},
            {"{\"scope\": {}, \"limit\": \"10\"}", "InvalidDismissal", "limit"},
        }) {
            dismiss(bad[0]).statusCode(400).body("code", equalTo(bad[1])).body("field", equalTo(bad[2]));
        }
        for (String notAnObject : List.of("[]", "\"scope\"", "7", "")) {
            dismiss(notAnObject).statusCode(400).body("code", equalTo("InvalidDismissal"));
        }
        dismiss("{\"scope\": {}").statusCode(400).body("code", equalTo("MalformedJson"));
        given().contentType("text/plain").body("{\"scope\": {}}").post("/api/v1/silence/dismiss").then()
                .statusCode(415);
        assertEquals(1, open(), "nothing was dismissed");
    }

    private static long count(List<JsonNode> events, String type, String subject) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())
                && subject.equals(e.path("subject").asText())).count();
    }

    /** Publishes the outbox, then reads the alerts topic from its start until it has been quiet for two seconds. */
    private List<JsonNode> published() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (db.count("select count(*) from alert_outbox where published_at is null") > 0
                && System.nanoTime() < deadline) {
            publisher.publishBatch();
        }
        assertEquals(0, db.count("select count(*) from alert_outbox where published_at is null"));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "t-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of("vigil.alerts"));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos() || out.isEmpty()
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(read(r.value()));
                    quietSince = System.nanoTime();
                }
            }
        }
        return out;
    }

    private static JsonNode read(String value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
