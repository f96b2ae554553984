package dev.vigil.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input: each case gets its status, code and field, and nothing of it is stored (all or nothing). */
@QuarkusTest
class RejectionTest {

    private static final String OK = "{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}";

    @Inject
    Db db;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void clean() {
        db.reset();
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"metric\":", 400, "MalformedJson", "data"),
                Arguments.of("[]", 400, "EmptyBatch", "data"),
                Arguments.of("{\"readings\":{}}", 400, "InvalidReading", "readings"),
                Arguments.of("{\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "InvalidReading", "metric"),
                Arguments.of("{\"metric\":7,\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "InvalidReading", "metric"),
                Arguments.of("{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\"}", 400, "InvalidReading", "value"),
                Arguments.of("{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":\"3\"}", 400, "InvalidReading", "value"),
                Arguments.of("{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":\"NaN\"}", 400, "InvalidReading", "value"),
                Arguments.of("{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":NaN}", 400, "MalformedJson", "data"),
                Arguments.of("{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1e999}", 400, "InvalidReading", "value"),
                Arguments.of("{\"metric\":\"m\",\"timestamp\":\"yesterday\",\"value\":1}", 400, "InvalidReading", "timestamp"),
                Arguments.of("{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00\",\"value\":1}", 400, "InvalidReading", "timestamp"),
                Arguments.of("{\"metric\":\"m\",\"timestamp\":\"2999-01-01T00:00:00Z\",\"value\":1}", 400, "TimestampOutOfRange", "timestamp"),
                Arguments.of("{\"metric\":\"m\",\"timestamp\":\"1900-01-01T00:00:00Z\",\"value\":1}", 400, "TimestampOutOfRange", "timestamp"),
                Arguments.of("{\"metric\":\"m\",\"dimensions\":[\"a\"],\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "InvalidReading", "dimensions"),
                Arguments.of("{\"metric\":\"m\",\"dimensions\":{\"meter\":5},\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "InvalidReading", "dimensions.meter"),
                Arguments.of("{\"metric\":\"" + "x".repeat(300) + "\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "InvalidReading", "metric"),
                // hostile input: values that would overflow a window's sum, characters PostgreSQL cannot store,
                // keys longer than its index holds, bodies that would expand into millions of nodes
                Arguments.of("{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1e308}", 400, "ValueOutOfRange", "value"),
                Arguments.of("{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":-1.0000001e100}", 400, "ValueOutOfRange", "value"),
                Arguments.of("{\"metric\":\"m\\u0000\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "InvalidCharacter", "metric"),
                Arguments.of("{\"metric\":\"m\\ud800x\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "InvalidCharacter", "metric"),
                // a right-to-left override makes a key display as another ("invoice\u202Efdp.exe")
                Arguments.of("{\"metric\":\"m\",\"dimensions\":{\"file\":\"invoice\\u202Efdp.exe\"},\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "InvalidCharacter", "dimensions.file"),
                Arguments.of("{\"metric\":\"m\\u2066x\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "InvalidCharacter", "metric"),
                Arguments.of("{\"metric\":\"m\",\"dimensions\":{\"meter\":\"a\\nb\"},\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "InvalidCharacter", "dimensions.meter"),
                Arguments.of("{\"metric\":\"m\",\"dimensions\":{" + dims(33, 1) + "},\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "InvalidReading", "dimensions"),
                Arguments.of("{\"metric\":\"m\",\"dimensions\":{" + dims(8, 200) + "},\"timestamp\":\"2026-11-01T00:00:00Z\",\"value\":1}", 400, "SeriesKeyTooLong", "dimensions"),
                Arguments.of("[" + "{},".repeat(600_000) + "{}]", 413, "BatchTooLarge", "data"),
                Arguments.of("{\"readings\":[" + "1,".repeat(20_000) + "1]}", 413, "BatchTooLarge", "data"),
                // one bad reading rejects the batch: the good one before it is not stored either
                Arguments.of("[" + OK + ",{\"metric\":\"m\",\"timestamp\":\"2026-11-01T00:05:00Z\",\"value\":null}]", 400, "InvalidReading", "[1].value"),
                Arguments.of("[" + (OK + ",").repeat(10_000) + OK + "]", 413, "BatchTooLarge", "data"));
    }

    private static String dims(int count, int valueLength) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",").append("\"d").append(i).append("\":\"").append("v".repeat(valueLength)).append('"');
        }
        return b.toString();
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void plainHttp(String body, int status, String code, String field) {
        given().contentType("application/json").body(body).post("/readings")
                .then().statusCode(status).body("code", equalTo(code)).body("field", equalTo(field))
                .body("message", containsString(field.equals("data") ? "" : field.replaceAll("^\\[\\d+]\\.", "")));
        assertEquals(0, db.count("select count(*) from window_aggregate"));
    }

    /** Plain JSON at the functions' own paths gets the same exact errors as /readings. */
    @ParameterizedTest
    @MethodSource("badBodies")
    void plainJsonAtTheFunctionPaths(String body, int status, String code, String field) {
        for (String path : new String[] {"/ingest", "/ingestBatch"}) {
            given().contentType("application/json").body(body).post(path)
                    .then().statusCode(status).body("code", equalTo(code)).body("field", equalTo(field));
        }
        assertEquals(0, db.count("select count(*) from window_aggregate"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void binaryCloudEvent(String body, int status, String code, String field) {
        given().contentType("application/json").header("ce-id", "bad-" + body.hashCode())
                .header("ce-specversion", "1.0").header("ce-source", "/test").header("ce-type", "dev.vigil.readings.v1")
                .body(body).post("/")
                .then().statusCode(status).body("code", equalTo(code)).body("field", equalTo(field));
        assertEquals(0, db.count("select count(*) from window_aggregate"));
        // a rejected event is not remembered, so a corrected redelivery with the same id is taken
        assertEquals(0, db.count("select count(*) from ingested_event"));
    }

    @org.junit.jupiter.api.Test
    void badCloudEventAttributesAreA400() {
        given().contentType("application/json").header("ce-id", "t1").header("ce-specversion", "1.0")
                .header("ce-source", "/test").header("ce-type", "dev.vigil.reading.v1").header("ce-time", "not-a-time")
                .body(OK).post("/")
                .then().statusCode(400).body("code", equalTo("InvalidCloudEvent")).body("field", equalTo("time"));
        given().contentType("application/json").header("ce-id", "x".repeat(300)).header("ce-specversion", "1.0")
                .header("ce-source", "/test").header("ce-type", "dev.vigil.reading.v1").body(OK).post("/")
                .then().statusCode(400).body("code", equalTo("InvalidCloudEvent")).body("field", equalTo("id"));
        given().contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"s1\",\"source\":\"/t\\u0001\",\"type\":\"dev.vigil.reading.v1\","
                        + "\"datacontenttype\":\"application/json\",\"data\":" + OK + "}").post("/")
                .then().statusCode(400).body("code", equalTo("InvalidCharacter")).body("field", equalTo("source"));
        // Funqy answered a binary event without ce-id or ce-source with an empty 404
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-source", "/test")
                .header("ce-type", "dev.vigil.reading.v1").body(OK).post("/")
                .then().statusCode(400).body("code", equalTo("InvalidCloudEvent")).body("field", equalTo("ce-id"));
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "t2")
                .header("ce-type", "dev.vigil.reading.v1").body(OK).post("/")
                .then().statusCode(400).body("code", equalTo("InvalidCloudEvent")).body("field", equalTo("ce-source"));
        // Funqy answered these two with a 500: an event without data, and one with data_base64
        for (String type : new String[] {"dev.vigil.reading.v1", "dev.knative.sources.ping"}) {
            given().contentType("application/cloudevents+json")
                    .body("{\"specversion\":\"1.0\",\"id\":\"s2\",\"source\":\"/t\",\"type\":\"" + type + "\"}").post("/")
                    .then().statusCode(400).body("code", equalTo("EmptyBody")).body("field", equalTo("data"));
        }
        given().contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"s3\",\"source\":\"/t\",\"type\":\"dev.vigil.reading.v1\","
                        + "\"data_base64\":\"e30=\"}").post("/")
                .then().statusCode(400).body("code", equalTo("InvalidCloudEvent")).body("field", equalTo("data_base64"));
        assertEquals(0, db.count("select count(*) from window_aggregate"));
        assertEquals(0, db.count("select count(*) from ingested_event"));
    }

    /** Funqy answered a CloudEvent whose data is not JSON with a 500 and an HTML page. */
    @org.junit.jupiter.api.Test
    void cloudEventDataThatIsNotJsonIsA415NamingItsType() {
        for (String type : new String[] {"text/plain", "application/xml"}) {
            given().contentType(type).header("ce-id", "n1").header("ce-specversion", "1.0").header("ce-source", "/t")
                    .header("ce-type", "dev.vigil.reading.v1").body("x").post("/")
                    .then().statusCode(415).body("code", equalTo("UnsupportedMediaType"))
                    .body("field", equalTo("content-type"));
        }
        // no Content-Type at all (rest-assured would add one to a body given as a string)
        given().header("ce-id", "n2").header("ce-specversion", "1.0").header("ce-source", "/t")
                .header("ce-type", "dev.vigil.reading.v1").body("x".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/").then().statusCode(415).body("field", equalTo("content-type"));
        given().contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"n3\",\"source\":\"/t\",\"type\":\"dev.vigil.reading.v1\","
                        + "\"datacontenttype\":\"application/xml\",\"data\":\"<power>1</power>\"}").post("/")
                .then().statusCode(415).body("code", equalTo("UnsupportedMediaType"))
                .body("field", equalTo("datacontenttype"));
        // the one type Funqy reads as JSON, with parameters too; another +json type is refused, not a 500
        given().contentType("application/json; charset=UTF-8").header("ce-id", "n4").header("ce-specversion", "1.0")
                .header("ce-source", "/t").header("ce-type", "dev.vigil.reading.v1").body(OK).post("/")
                .then().statusCode(200);
        given().contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"n5\",\"source\":\"/t\",\"type\":\"dev.vigil.reading.v1\","
                        + "\"datacontenttype\":\"application/json; charset=utf-8\",\"data\":" + OK + "}").post("/")
                .then().statusCode(200);
        given().contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"n6\",\"source\":\"/t\",\"type\":\"dev.vigil.reading.v1\","
                        + "\"datacontenttype\":\"application/vnd.meter+json\",\"data\":" + OK + "}").post("/")
                .then().statusCode(415).body("field", equalTo("datacontenttype"));
        assertEquals(2, db.count("select count(*) from ingested_event"));
    }

    @org.junit.jupiter.api.Test
    void unknownEventTypeIsNotFound() {
        given().contentType("application/json").header("ce-id", "u1").header("ce-specversion", "1.0")
                .header("ce-source", "/test").header("ce-type", "com.example.unknown").body(OK).post("/")
                .then().statusCode(404);
        assertEquals(0, db.count("select count(*) from window_aggregate"));
    }

    @org.junit.jupiter.api.Test
    void nonJsonContentTypeIsRefused() {
        given().contentType("text/plain").body("power 1").post("/readings").then().statusCode(415);
        given().contentType("text/plain").body("power 1").post("/ingest").then().statusCode(415);
    }

    /** A body announced as zero bytes long once hung Quarkus REST until the client gave up. */
    @org.junit.jupiter.api.Test
    void zeroLengthBodyIsAnsweredNotLeftHanging() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String path : new String[] {"/readings", "/ingest", "/anomalydetector/v1.1/timeseries/entire/detect"}) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path.substring(1)))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("Ocp-Apim-Subscription-Key", "any").POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, path + " -> " + response.statusCode());
        }
        HttpRequest run = HttpRequest.newBuilder(URI.create(base + "api/v1/detection/runs"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(200, client.send(run, HttpResponse.BodyHandlers.ofString()).statusCode());
        // anything but JSON is refused, so that a cross-site form post cannot start a run
        HttpRequest form = HttpRequest.newBuilder(URI.create(base + "api/v1/detection/runs"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("at=2026-11-01T00:00:00Z")).build();
        assertEquals(415, client.send(form, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(0, db.count("select count(*) from window_aggregate"));
    }
}
