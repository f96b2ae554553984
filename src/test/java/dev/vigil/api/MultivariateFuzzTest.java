package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.Db;
import dev.vigil.testing.MvDataResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Hostile input to every multivariate endpoint: malformed JSON, wrong types, extreme numbers and times, huge and
 * deeply nested bodies, odd ids and query parameters. No answer is a 5xx, every 4xx carries the Azure error body
 * and header, and no rejected request stores a model or a result (a mutation may leave a valid request).
 */
@QuarkusTest
@QuarkusTestResource(MvDataResource.class)
class MultivariateFuzzTest {

    @Inject
    Db db;

    private static List<String> hostile(String valid) {
        List<String> out = new ArrayList<>(List.of("", " ", "{", "[", "null", "[]", "{}", "\"x\"", "1e308",
                "{\"a\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001), "[" + "1,".repeat(200_000) + "1]"));
        String[][] swaps = {
            {"\"slidingWindow\":28", "\"slidingWindow\":1e308"}, {"\"slidingWindow\":28", "\"slidingWindow\":-1"},
            {"\"slidingWindow\":28", "\"slidingWindow\":null"}, {"\"paddingValue\":0", "\"paddingValue\":\"x\""},
            {"\"paddingValue\":0", "\"paddingValue\":1e999"}, {"\"Outer\"", "7"}, {"\"Linear\"", "[]"},
            {"\"alignPolicy\":{", "\"alignPolicy\":[{"}, {"\"demo\"", "\"\\u0000\\ud800\""},
            {"2021-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}, {"2021-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
            {"2021-01-01T00:00:00Z", "2021-13-45T99:99:99Z"}, {"\"startTime\":\"", "\"startTime\":1,\"x\":\""},
            {"\"topContributorCount\":1", "\"topContributorCount\":1e12"}, {"\"values\":[", "\"values\":[\"x\","},
            {"\"timestamps\":[", "\"timestamps\":[null,"}, {"\"variables\":[", "\"variables\":[null,"},
            {"\"dataSource\":\"", "\"dataSource\":\"file:/dev/zero?"}, {"\"dataSource\":\"", "\"dataSource\":\"\\u0000"},
        };
        for (String[] s : swaps) {
            if (valid.contains(s[0])) {
                out.add(valid.replace(s[0], s[1]));
            }
        }
        return out;
    }

    @Test
    void noHostileInputGetsA5xxOrIsStored() {
        String source = MvData.serve("fuzz.csv", MvData.oneTable(MvData.TRAIN));
        String id = MultivariateApiTest.train(source);
        MultivariateApiTest.awaitModel(id);
        long models = db.count("select count(*) from mv_model");
        long results = db.count("select count(*) from mv_result");
        String train = MultivariateApiTest.trainBody(source, MvData.TRAIN, "").replace("\"Linear\"", "\"Mean\"");
        String batch = "{\"dataSource\":\"" + source + "\",\"topContributorCount\":1,\"startTime\":\"2021-01-01T00:00:00Z\","
                + "\"endTime\":\"2020-01-01T00:00:00Z\"}";
        String last = MultivariateApiTest.lastBody(100, 28, "variable", "\"topContributorCount\":1")
                .replace(MvData.time(80).toString(), "2021-01-01T00:00:00Z").replace("\"load\"", "\"load\",\"name\":7");
        String base = MultivariateApiTest.BASE;
        String[][] targets = {{base + "/models", train}, {base + "/models/" + id + ":detect-batch", batch},
            {base + "/models/" + id + ":detect-last", last}, {base + "/models/" + id + "/detect", batch},
            {base + "/models/" + id + "/last/detect", last}, {base + "/models/import", "PK\u0003\u0004garbage"}};
        int checked = 0;
        int acceptedModels = 0;
        int acceptedResults = 0;
        for (String[] t : targets) {
            for (String body : hostile(t[1])) {
                var r = given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY).body(body).post(t[0]);
                String shown = t[0] + " " + r.statusCode() + " for " + body.substring(0, Math.min(200, body.length()));
                assertTrue(r.statusCode() < 500, shown + ": " + r.asString());
                if (r.statusCode() >= 400) {
                    assertEquals(r.jsonPath().getString("code"), r.header("x-ms-error-code"), r.asString());
                } else if (t[0].endsWith("/models")) {
                    acceptedModels++; // a mutation that left a valid request (e.g. a far-away but valid time)
                } else if (r.statusCode() == 201 || r.statusCode() == 202) {
                    acceptedResults++;
                }
                checked++;
            }
        }
        for (String path : new String[] {"/models/%00", "/models/" + id + ":nothing", "/models/" + UUID.randomUUID()
                + "/export", "/detect-batch/..%2F..", "/results/" + "9".repeat(5000), "/models?top=99999999999&skip=-0"}) {
            int status = given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                    .urlEncodingEnabled(false).get(base + path).statusCode();
            assertTrue(status < 500, path + " answered " + status);
        }
        assertTrue(checked > 50);
        assertEquals(models + acceptedModels, db.count("select count(*) from mv_model"));
        assertEquals(results + acceptedResults, db.count("select count(*) from mv_result"));
        given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY).delete(base + "/models/" + id)
                .then().statusCode(204);
    }
}
