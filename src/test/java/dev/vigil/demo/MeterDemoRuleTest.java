package dev.vigil.demo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The demo's statutory voltage rule when the README's curl stored one first (with the default snooze): the demo
 * reports the stored rule, and says how it differs from its own.
 */
@QuarkusTest
class MeterDemoRuleTest {

    @Inject
    Db db;
    @TestHTTPResource("/")
    URL root;

    @Test
    void aRuleStoredByTheReadmesCurlIsTheOneTheDemoReportsWithHowItDiffers() throws Exception {
        db.reset();
        given().contentType("application/json").body("{\"name\": \"statutory voltage\", \"metric\": \"voltage\", "
                + "\"limits\": {\"lower\": 207, \"upper\": 253}, \"conditionsOnly\": true}")
                .post("/api/v1/alert-rules").then().statusCode(201);
        MeterDemo demo = new MeterDemo(root.toString(), null);

        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        JsonNode stored;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            stored = demo.statutoryRule();
        } finally {
            System.setOut(out);
        }
        assertEquals("PT1H", stored.path("snooze").asText(), "the stored rule, not the demo's");
        String line = printed.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("exists and differs from the demo's: snooze \"PT1H\" (the demo's: \"PT6H\"); the "
                + "report shows the stored rule"), line);
        assertTrue(!line.contains("limits"), "207 and 207.0 are the same limit: " + line);
        // the rule as read is what the report previews
        given().contentType("application/json").body(stored.toString()).post("/api/v1/alert-rules/preview")
                .then().statusCode(200);

        db.reset();
        assertEquals("PT6H", demo.statutoryRule().path("snooze").asText(), "none stored: the demo's own");
    }
}
