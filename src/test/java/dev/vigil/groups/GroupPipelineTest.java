package dev.vigil.groups;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.AlertPublisher;
import dev.vigil.alerting.GroupAlerts;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.storage.Json;
import dev.vigil.testing.Db;
import dev.vigil.testing.KafkaTopic;
import dev.vigil.testing.Meters;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A multivariate meter end to end, on the real PostgreSQL and Kafka: readings in over HTTP, a group rule over the
 * admin API, the new-entities training trains the entity's model and the detection run scores its new windows, a fault in power and
 * temperature is an anomaly whose top two contributors are those two, stored once, alerted on Kafka and readable.
 */
@QuarkusTest
class GroupPipelineTest {

    static final String RULE = "{\"name\":\"meters\",\"metrics\":[\"power\",\"current\",\"voltage\",\"temperature\"],"
            + "\"by\":[\"meter\"]}";
    static final int HISTORY = 576;
    static final int FAULT = 590;
    static final int END = 600;

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    AlertPublisher publisher;
    @Inject
    GroupTraining training;
    @Inject
    GroupRun groups;

    @BeforeEach
    void clean() {
        db.reset();
    }

    static Instant runAt(int window) {
        return Meters.windowStart(window).plus(Duration.ofMinutes(3));
    }

    @Test
    void aFaultInTwoVariablesIsAnAnomalyLedByThoseTwoFromIngestionToAlert() {
        given().contentType("application/json").body(RULE).post("/api/v1/admin/groups").then().statusCode(201)
                .body("aggregate", equalTo("mean")).body("fill", equalTo("linear"))
                .body("trainingSpan", equalTo("P30D"));
        Meters.post("m1", 0, HISTORY, Integer.MAX_VALUE, 0, 7);
        Meters.post("m2", HISTORY - 50, HISTORY, Integer.MAX_VALUE, 0, 8); // too little history

        run.run(runAt(HISTORY));
        training.trainNew(Meters.windowStart(HISTORY)); // what the new-entities schedule does: both are new
        JsonPath models = given().get("/api/v1/groups/meters/models").then().statusCode(200).extract().jsonPath();
        Map<String, Object> m1 = model(models, "meters{meter=m1}");
        Map<String, Object> m2 = model(models, "meters{meter=m2}");
        assertEquals("READY", m1.get("status"));
        assertEquals(HISTORY, m1.get("rowsUsed"));
        assertEquals(4, ((List<?>) m1.get("quality")).size());
        assertEquals("vigil-pca", m1.get("engine"));
        assertEquals("FAILED", m2.get("status"));
        assertTrue(((String) m2.get("reason")).startsWith("too little history"), (String) m2.get("reason"));

        Meters.post("m1", HISTORY, END, FAULT, 2.0, 7);
        run.run(runAt(END));
        String entity = (String) m1.get("entityId");
        assertEquals(END - HISTORY, db.count("select count(*) from group_result where entity_id = ?",
                Long.parseLong(entity)));

        JsonPath anomalies = given().queryParam("from", Meters.windowStart(HISTORY).toString())
                .queryParam("to", Meters.windowStart(END).toString()).queryParam("anomalies", "true")
                .get("/api/v1/groups/meters/entities/" + entity + "/results").then().statusCode(200)
                .extract().jsonPath();
        assertFalse(anomalies.getList("$").isEmpty(), "the fault is an anomaly");
        assertEquals(Meters.windowStart(FAULT).toString(), anomalies.getString("[0].windowStart"));
        List<Map<String, Object>> parts = anomalies.getList("[0].interpretation");
        assertEquals(Set.of("power", "temperature"), Set.of(parts.get(0).get("variable"), parts.get(1).get("variable")));
        double sum = parts.stream().mapToDouble(p -> ((Number) p.get("contribution")).doubleValue()).sum();
        assertEquals(1.0, sum, 1e-6);
        double severity = anomalies.getDouble("[0].severity");
        assertTrue(severity > 0 && severity <= 1);

        // exactly once: a second run at the same time scores nothing again
        run.run(runAt(END));
        assertEquals(END - HISTORY, db.count("select count(*) from group_result"));

        publisher.publishBatch();
        JsonNode event = groupAlerts().stream().filter(e -> e.get("time").asText()
                .equals(Meters.windowStart(FAULT + 1).toString())).findFirst().orElseThrow();
        assertEquals("meters{meter=m1}", event.get("subject").asText());
        JsonNode top = event.get("data").get("topContributors");
        assertEquals(Set.of("power", "temperature"), Set.of(top.get(0).get("variable").asText(),
                top.get(1).get("variable").asText()));
        assertEquals(entity, event.get("data").get("entityId").asText());

        given().get("/api/v1/groups/meters/entities").then().statusCode(200)
                .body("[0].entityKey", equalTo("meters{meter=m1}"));
        given().get("/api/v1/groups").then().statusCode(200).body("[0].name", equalTo("meters"))
                .body("[0].entities", equalTo(2)).body("[0].readyModels", equalTo(1));
    }

    @Test
    void aLateReadingReScoresItsGroupWindowOnce() {
        given().contentType("application/json").body(RULE).post("/api/v1/admin/groups").then().statusCode(201);
        Meters.post("m1", 0, HISTORY, Integer.MAX_VALUE, 0, 9);
        training.trainNew(Meters.windowStart(HISTORY));
        Meters.post("m1", HISTORY, HISTORY + 6, Integer.MAX_VALUE, 0, 9);
        run.run(runAt(HISTORY + 6));
        assertEquals(6, db.count("select count(*) from group_result"));
        long before = db.count("select revisions from group_result where window_start = ?::timestamptz",
                Meters.windowStart(HISTORY + 2).toString());

        given().contentType("application/json").body("[{\"metric\":\"power\",\"dimensions\":{\"meter\":\"m1\"},"
                + "\"timestamp\":\"" + Meters.windowStart(HISTORY + 2).plusSeconds(200) + "\",\"value\":2.1}]")
                .post("/readings").then().statusCode(200);
        run.run(runAt(HISTORY + 7));
        assertEquals(6, db.count("select count(*) from group_result"));
        assertEquals(before + 1, db.count("select revisions from group_result where window_start = ?::timestamptz",
                Meters.windowStart(HISTORY + 2).toString()));
    }

    @Test
    void replicasScoringAtOnceScoreEachWindowOnce() throws Exception {
        given().contentType("application/json").body(RULE).post("/api/v1/admin/groups").then().statusCode(201);
        Meters.post("m1", 0, HISTORY, Integer.MAX_VALUE, 0, 11);
        training.trainNew(Meters.windowStart(HISTORY));
        Meters.post("m1", HISTORY, END, FAULT, 2.0, 11);
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Future<GroupRun.Report>> reports = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                reports.add(replicas.submit(() -> groups.score(Meters.windowStart(END))));
            }
            int scored = 0;
            for (Future<GroupRun.Report> f : reports) {
                scored += f.get().windowsScored();
            }
            assertEquals(END - HISTORY, scored, "every window scored by exactly one replica");
        } finally {
            replicas.shutdown();
        }
        assertEquals(END - HISTORY, db.count("select count(*) from group_result"));
        assertEquals(db.count("select count(*) from group_result where is_anomaly"),
                db.count("select count(*) from group_decision"), "each anomaly decided once, by the default rule");
        assertEquals(db.count("select count(*) from group_decision where outcome = 'alerted'"),
                db.count("select count(*) from alert_outbox"));
        assertEquals(Meters.windowStart(END - 1).toString(), ((java.sql.Timestamp) db.rows(
                "select last_window from group_state").get(0).get("last_window")).toInstant().toString());
        assertTrue(db.count("select length(state) from group_state") < 16_384, "the scoring state stays compact");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> model(JsonPath models, String key) {
        return ((List<Map<String, Object>>) (List<?>) models.getList("$")).stream()
                .filter(m -> key.equals(m.get("entityKey"))).findFirst().orElseThrow();
    }

    private static List<JsonNode> groupAlerts() {
        return new KafkaTopic("vigil.alerts").readAll().stream().map(GroupPipelineTest::json)
                .filter(e -> GroupAlerts.TYPE.equals(e.get("type").asText())).toList();
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> r) {
        try {
            return Json.mapper().readTree(new String(r.value(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
