package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Microsoft's golden univariate cases ({@code ../shared/conformance/azure-univariate/cases}) through the HTTP API,
 * judged by Microsoft's own rule as that folder's README states it: period and flags equal, expected values within
 * ±max(1e-8, 5 % of the golden value). The same check as {@code check.py}, kept in the suite so that no change to the
 * detection can lose a case unnoticed.
 */
@QuarkusTest
class GoldenCasesTest {

    private static final Path CASES = Path.of("..", "shared", "conformance", "azure-univariate", "cases");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseMatches() throws IOException {
        assertTrue(Files.isDirectory(CASES), "golden cases expected at " + CASES.toAbsolutePath());
        List<Path> files;
        try (Stream<Path> s = Files.list(CASES)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(57, files.size(), "golden case files");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) throws IOException {
        JsonNode c = JSON.readTree(file.toFile());
        boolean entire = c.get("type").asText().equals("entire");
        String body = given().header(SubscriptionKeyFilter.KEY_HEADER, TimeSeriesResourceTest.KEY)
                .contentType(ContentType.JSON).body(JSON.writeValueAsString(c.get("request")))
                .post("/anomalydetector/v1.1/timeseries/" + (entire ? "entire" : "last") + "/detect")
                .then().statusCode(200).extract().asString();
        JsonNode got = JSON.readTree(body);
        JsonNode want = c.get("response");
        if (want.has("period")) {
            assertEquals(want.get("period").asInt(), got.get("period").asInt(), "period");
        }
        for (String flag : entire ? List.of("isAnomaly") : List.of("isAnomaly", "isPositiveAnomaly",
                "isNegativeAnomaly")) {
            if (want.has(flag)) {
                assertEquals(want.get(flag), got.get(flag), flag);
            }
        }
        String expected = entire ? "expectedValues" : "expectedValue";
        if (want.has(expected)) {
            JsonNode w = want.get(expected);
            JsonNode g = got.get(expected);
            if (!entire) {
                close(w.asDouble(), g.asDouble(), expected);
                return;
            }
            assertEquals(w.size(), g.size(), "expectedValues length");
            for (int i = 0; i < w.size(); i++) {
                close(w.get(i).asDouble(), g.get(i).asDouble(), "expectedValues[" + i + "]");
            }
        }
    }

    private static void close(double golden, double actual, String what) {
        double tolerance = Math.max(1e-8, 0.05 * Math.abs(golden));
        assertTrue(Math.abs(actual - golden) <= tolerance, what + ": " + actual + " vs golden " + golden);
    }
}
