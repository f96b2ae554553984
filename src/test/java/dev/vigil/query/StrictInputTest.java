package dev.vigil.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Input that was taken in part, changed on the way in, or answered with a 500 (a walk of the running service found
 * each): a second JSON document after the first, bytes that are not UTF-8, NUL and unpaired surrogates in texts and
 * parameters, names taken by two requests at once, and the fields that were not checked. Real PostgreSQL.
 */
@QuarkusTest
class StrictInputTest {

    private static final String JSON = "application/json";

    @Inject
    Db db;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static String reading(String metric, double value) {
        return "{\"metric\":\"" + metric + "\",\"timestamp\":\"" + Series.windowStart(1) + "\",\"value\":" + value + "}";
    }

    private static ValidatableResponse post(String path, byte[] body) {
        return given().contentType(JSON).body(body).post(path).then();
    }

    private static ValidatableResponse post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    private static ValidatableResponse refused(ValidatableResponse r, int status, String code, String field) {
        return r.statusCode(status).body("code", equalTo(code)).body("field", equalTo(field));
    }

    @Test
    void aSecondDocumentInABodyIsRefusedNotDropped() {
        String ndjson = reading("nd1", 1) + "\n" + reading("nd2", 2) + "\n";
        refused(post("/readings", ndjson), 400, "MalformedJson", "data")
                .body("message", equalTo("the body is not valid JSON: another JSON value follows the first; send one "
                        + "value (an array for several) (line 2, column 1)"));
        given().contentType(JSON).header("ce-specversion", "1.0").header("ce-id", "nd").header("ce-source", "/t")
                .header("ce-type", "dev.vigil.reading.v1").body(ndjson).post("/").then().statusCode(400)
                .body("code", equalTo("MalformedJson"));
        assertEquals(0, db.count("select count(*) from series"), "nothing of either line stored");
        refused(post("/api/v1/alert-rules", "{\"name\":\"a\"} {\"name\":\"b\"}"), 400, "MalformedJson", null);
        assertEquals(0, db.count("select count(*) from alert_rule"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotReplaced() {
        byte[] latin1 = reading("caf\u00e9", 1).getBytes(StandardCharsets.ISO_8859_1);
        post("/readings", latin1).statusCode(400).body("code", equalTo("MalformedJson"))
                .body("message", containsString("UTF-8"));
        post("/api/v1/alert-rules", "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)).statusCode(400)
                .body("code", equalTo("MalformedJson"));
        assertEquals(0, db.count("select count(*) from series") + db.count("select count(*) from alert_rule"));
        // the same text in UTF-8 is taken as sent
        post("/api/v1/alert-rules", "{\"name\":\"caf\u00e9\"}").statusCode(201).body("name", equalTo("caf\u00e9"));
    }

    @Test
    void nulAndUnpairedSurrogatesAreRefusedNamingTheField() {
        refused(post("/api/v1/alert-rules", "{\"name\":\"a\\u0000b\"}"), 400, "InvalidCharacter", "name");
        refused(post("/api/v1/alert-rules", "{\"name\":\"y7\\ud800\"}"), 400, "InvalidCharacter", "name");
        refused(post("/api/v1/alert-rules", "{\"name\":\"m\",\"maintenance\":[{\"from\":\"2026-12-01T00:00:00Z\","
                + "\"to\":\"2026-12-02T00:00:00Z\",\"comment\":\"x\\u0000\"}]}"), 400, "InvalidCharacter",
                "maintenance[0].comment");
        refused(post("/api/v1/admin/hooks", "{\"name\":\"h\\u0000\",\"url\":\"http://127.0.0.1:9/\"}"), 400,
                "InvalidCharacter", "name");
        refused(post("/api/v1/feedback", "{\"kind\":\"anomaly\",\"seriesId\":\"1\",\"comment\":\"\\ud800\"}"), 400,
                "InvalidCharacter", "comment");
        given().urlEncodingEnabled(false).get("/api/v1/groups/%00").then().statusCode(400).body("code", equalTo("InvalidCharacter"))
                .body("field", equalTo("name"));
        given().urlEncodingEnabled(false).get("/api/v1/feedback?group=%00").then().statusCode(400)
                .body("field", equalTo("group"));
        assertEquals(0, db.count("select count(*) from alert_rule") + db.count("select count(*) from alert_hook"));
    }

    @Test
    void feedbackTakesOneKindOfPlaceAndTextsCountCharactersAsPeopleDo() {
        refused(post("/api/v1/feedback", "{\"kind\":\"notAnomaly\",\"seriesId\":\"1\",\"windowStart\":"
                + "\"2026-12-05T10:02:00Z\"}"), 400, "InvalidFeedback", "windowStart");
        refused(post("/api/v1/feedback", "{\"kind\":\"notAnomaly\",\"seriesId\":\"1\",\"windowStart\":"
                + "\"2026-12-05T10:00:00Z\",\"from\":\"2026-12-05T09:00:00Z\",\"to\":\"2026-12-05T11:00:00Z\"}"), 400,
                "InvalidFeedback", "from");
        refused(post("/api/v1/feedback", "{\"kind\":\"notAnomaly\",\"incidentId\":\"" + java.util.UUID.randomUUID()
                + "\",\"from\":\"2026-12-05T09:00:00Z\"}"), 400, "InvalidFeedback", "from");
        refused(post("/api/v1/feedback", "{\"kind\":\"notAnomaly\",\"seriesId\":\"1\",\"from\":\"2999-01-01T00:00:00Z\","
                + "\"to\":\"2999-01-02T00:00:00Z\"}"), 400, "InvalidFeedback", "from");
        assertEquals(0, db.count("select count(*) from feedback"));
        // 200 emoji are 200 characters (400 UTF-16 units, 800 bytes of series key)
        String emoji = "\uD83D\uDE00".repeat(200);
        post("/readings", reading(emoji, 1)).statusCode(200);
        post("/api/v1/alert-rules", "{\"name\":\"" + emoji + "\"}").statusCode(201);
        refused(post("/api/v1/alert-rules", "{\"name\":\"" + "\uD83D\uDE00".repeat(257) + "\"}"), 400, "InvalidRule", "name");
    }

    @Test
    void twoRequestsForOneNameGetOneRuleAndA409() throws Exception {
        for (String path : new String[] {"/api/v1/alert-rules", "/api/v1/admin/hooks"}) {
            String body = path.endsWith("hooks") ? "{\"name\":\"race\",\"url\":\"http://127.0.0.1:9/\"}" : "{\"name\":\"race\"}";
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> given().contentType(JSON).body(body).post(path)
                        .statusCode(), pool));
            }
            List<Integer> statuses = new ArrayList<>(answers.stream().map(CompletableFuture::join).toList());
            pool.shutdown();
            Collections.sort(statuses);
            assertEquals(List.of(201, 409, 409, 409, 409, 409), statuses, path);
        }
    }

    @Test
    void aRuleNamedByHooksIsNeitherDeletedNorRenamedAndDefaultIsReserved() {
        refused(post("/api/v1/alert-rules", "{\"name\":\"default\"}"), 400, "InvalidRule", "name");
        long rule = post("/api/v1/alert-rules", "{\"name\":\"r-del\"}").statusCode(201).extract().jsonPath().getLong("id");
        long hook = post("/api/v1/admin/hooks", "{\"name\":\"h\",\"url\":\"http://127.0.0.1:9/\",\"rules\":[\"r-del\"]}")
                .statusCode(201).extract().jsonPath().getLong("hook.id");
        given().delete("/api/v1/alert-rules/" + rule).then().statusCode(409).body("code", equalTo("RuleInUse"))
                .body("message", containsString("h"));
        given().contentType(JSON).body("{\"name\":\"r-new\"}").put("/api/v1/alert-rules/" + rule).then().statusCode(409)
                .body("code", equalTo("RuleInUse"));
        // the hook as read can still be put back, and once it no longer names the rule the rule may go
        String read = given().get("/api/v1/admin/hooks/" + hook).then().statusCode(200).extract().asString();
        given().contentType(JSON).body(read).put("/api/v1/admin/hooks/" + hook).then().statusCode(200);
        given().contentType(JSON).body("{\"name\":\"h\",\"url\":\"http://127.0.0.1:9/\"}").put("/api/v1/admin/hooks/" + hook)
                .then().statusCode(200);
        given().delete("/api/v1/alert-rules/" + rule).then().statusCode(204);
    }

    @Test
    void fieldsThatWereNotCheckedAreChecked() {
        refused(post("/api/v1/admin/hooks", "{\"name\":\"h\",\"url\":\"http://127.0.0.1:9/\",\"headers\":{\"X-A\":\"caf\u00e9\"}}"),
                400, "InvalidHook", "headers.X-A");
        refused(post("/api/v1/admin/hooks", "{\"name\":\"p\",\"url\":\"http://[::1]:99999/\"}"), 400, "InvalidHook", "url");
        refused(post("/api/v1/detection/runs", "{\"at\":\"0001-01-01T00:00:00Z\"}"), 400, "InvalidParameter", "at");
        refused(post("/api/v1/detection/runs", "{\"at\":\"-999999999-01-01T00:00:00Z\"}"), 400, "InvalidParameter", "at");
        refused(post("/api/v1/detection/runs", "{\"At\":\"2026-12-01T00:00:00Z\"}"), 400, "UnknownField", "At");
        assertEquals(0, db.count("select count(*) from detection_claim"), "no run started");
        refused(post("/api/v1/alert-rules", "{\"name\":\"m\",\"maintenance\":[{\"from\":\"2026-12-01T00:00:00Z\","
                + "\"to\":\"2026-12-02T00:00:00Z\",\"coment\":\"typo\"}]}"), 400, "InvalidRule", "maintenance[0].coment");
        refused(post("/api/v1/alert-rules", "{\"name\":\"g\",\"group\":\"bad name!\"}"), 400, "InvalidRule", "group");
        refused(post("/api/v1/admin/groups", "{\"name\":\"ov\",\"metrics\":[\"a\",\"b\"],\"by\":[\"dev\"],\"fill\":\"fixed\","
                + "\"fillValue\":1e308}"), 400, "InvalidFillValue", "fillValue");
        given().contentType(JSON).header("ce-specversion", "banana").header("ce-id", "v").header("ce-source", "/t")
                .header("ce-type", "dev.vigil.reading.v1").body(reading("p", 1)).post("/").then().statusCode(400)
                .body("code", equalTo("InvalidCloudEvent")).body("field", equalTo("ce-specversion"));
        given().get("/api/v1/series?since=2999-01-01T00:00:00Z").then().statusCode(400).body("field", equalTo("since"))
                .body("message", equalTo("since must lie before until"));
        post("/readings", "{\"metric\":").statusCode(400).body("message", not(containsString("`")));
    }
}
