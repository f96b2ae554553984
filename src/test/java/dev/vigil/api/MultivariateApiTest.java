package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.MvDataResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GA v1.1 multivariate API over HTTP: train on a CSV served over an allowed URL, poll to READY, batch
 * detection, its result, last detection, list and delete; both data layouts and file: sources.
 */
@QuarkusTest
@QuarkusTestResource(MvDataResource.class)
class MultivariateApiTest {

    static final String KEY = "test-key-1";
    static final String BASE = "/anomalydetector/v1.1/multivariate";

    static String trainBody(String source, int rows, String extra) {
        return "{\"dataSource\":\"" + source + "\",\"dataSchema\":\"OneTable\",\"startTime\":\"" + MvData.time(0)
                + "\",\"endTime\":\"" + MvData.time(rows - 1) + "\",\"slidingWindow\":28,\"displayName\":\"demo\","
                + "\"alignPolicy\":{\"alignMode\":\"Outer\",\"fillNAMethod\":\"Linear\",\"paddingValue\":0}" + extra + "}";
    }

    static String train(String source) {
        Response r = given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).body(trainBody(source, MvData.TRAIN, ""))
                .when().post(BASE + "/models");
        r.then().statusCode(201).body("modelInfo.status", equalTo("CREATED"));
        String id = r.jsonPath().getString("modelId");
        assertTrue(r.header("Location").endsWith("/anomalydetector/v1.1/multivariate/models/" + id), r.header("Location"));
        return id;
    }

    static JsonPath awaitModel(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String s = given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/models/" + id)
                    .jsonPath().getString("modelInfo.status");
            return "READY".equals(s) || "FAILED".equals(s);
        });
        return given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/models/" + id).jsonPath();
    }

    static JsonPath awaitResult(String resultId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String s = given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/detect-batch/" + resultId)
                    .jsonPath().getString("summary.status");
            return "READY".equals(s) || "FAILED".equals(s);
        });
        return given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/detect-batch/" + resultId).jsonPath();
    }

    @Test
    void fullCycleOnOneTableOverAnAllowedUrl() {
        String source = MvData.serve("one-table.csv", MvData.oneTable(MvData.ROWS));
        String id = train(source);
        JsonPath model = awaitModel(id);
        assertEquals("READY", model.getString("modelInfo.status"), model.prettify());
        assertEquals(3, model.getList("modelInfo.diagnosticsInfo.variableStates").size());
        assertEquals("load", model.getString("modelInfo.diagnosticsInfo.variableStates[0].variable"));
        assertEquals(MvData.TRAIN, model.getInt("modelInfo.diagnosticsInfo.variableStates[0].effectiveCount"));
        assertEquals(List.of(1), model.getList("modelInfo.diagnosticsInfo.modelState.epochIds"));
        assertEquals(source, model.getString("modelInfo.dataSource"));
        assertEquals(28, model.getInt("modelInfo.slidingWindow"));

        String batch = "{\"dataSource\":\"" + source + "\",\"topContributorCount\":2,\"startTime\":\""
                + MvData.time(MvData.TRAIN) + "\",\"endTime\":\"" + MvData.time(MvData.ROWS - 1) + "\"}";
        Response started = given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).body(batch)
                .when().post(BASE + "/models/" + id + ":detect-batch");
        started.then().statusCode(202).body("summary.status", equalTo("CREATED")).body("results", hasSize(0))
                .body("summary.setupInfo.topContributorCount", equalTo(2));
        String resultId = started.header("Operation-Id");
        assertTrue(started.header("Operation-Location").endsWith("/anomalydetector/v1.1/multivariate/detect-batch/"
                + resultId));

        JsonPath result = awaitResult(resultId);
        assertEquals("READY", result.getString("summary.status"), result.prettify());
        List<Map<String, Object>> states = result.getList("results");
        assertEquals(MvData.ROWS - MvData.TRAIN, states.size());
        assertEquals(MvData.time(MvData.TRAIN).toString(), states.get(0).get("timestamp"));
        int fault = MvData.FAULT - MvData.TRAIN;
        assertEquals(true, result.getBoolean("results[" + fault + "].value.isAnomaly"), result.prettify());
        assertEquals("power", result.getString("results[" + fault + "].value.interpretation[0].variable"));
        assertTrue(result.getList("results[" + fault + "].value.interpretation").size() <= 2);
        double sum = result.getList("results[" + fault + "].value.interpretation.contributionScore", Float.class)
                .stream().mapToDouble(Float::doubleValue).sum();
        assertEquals(1.0, sum, 1e-4);
        // each changed variable has its change of correlation beside it (the preview's shape, the docs' fields)
        for (Object i : result.getList("results[" + fault + "].value.interpretation")) {
            Map<?, ?> changes = (Map<?, ?>) ((Map<?, ?>) i).get("correlationChanges");
            List<?> values = (List<?>) changes.get("changedValues");
            assertEquals(((List<?>) changes.get("changedVariables")).size(), values.size(), changes.toString());
            assertTrue(values.stream().allMatch(v -> Math.abs(((Number) v).doubleValue()) <= 2), changes.toString());
        }
        assertTrue(result.getFloat("results[" + fault + "].value.severity") > 0);
        assertTrue(result.getFloat("results[" + fault + "].value.score") > 1); // 1 is the threshold
        long flagged = states.stream().filter(s -> Boolean.TRUE.equals(((Map<?, ?>) s.get("value")).get("isAnomaly"))).count();
        assertTrue(flagged <= 6, "flags outside the fault: " + flagged);

        // last detection: the slidingWindow newest rows up to the fault's first row
        String last = lastBody(MvData.FAULT, 28, "variable", "\"topContributorCount\":1");
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).body(last)
                .when().post(BASE + "/models/" + id + ":detect-last")
                .then().statusCode(200)
                .body("results", hasSize(1))
                .body("results[0].timestamp", equalTo(MvData.time(MvData.FAULT).toString()))
                .body("results[0].value.isAnomaly", equalTo(true))
                .body("results[0].value.interpretation", hasSize(1))
                .body("results[0].value.interpretation[0].variable", equalTo("power"))
                .body("variableStates", hasSize(3));

        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).delete(BASE + "/models/" + id).then().statusCode(204);
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/models/" + id).then().statusCode(404)
                .header("x-ms-error-code", "ModelNotExist").body("code", equalTo("ModelNotExist"));
    }

    /** {@code n} rows ending at {@code lastRow}, in the GA ({@code variable}) or preview ({@code name}) shape. */
    static String lastBody(int lastRow, int n, String nameField, String extra) {
        double[][] m = MvData.rows();
        StringBuilder b = new StringBuilder("{\"variables\":[");
        for (int j = 0; j < MvData.VARIABLES.size(); j++) {
            b.append(j == 0 ? "" : ",").append("{\"").append(nameField).append("\":\"").append(MvData.VARIABLES.get(j))
                    .append("\",\"timestamps\":[");
            for (int i = lastRow - n + 1; i <= lastRow; i++) {
                b.append(i == lastRow - n + 1 ? "" : ",").append('"').append(MvData.time(i)).append('"');
            }
            b.append("],\"values\":[");
            for (int i = lastRow - n + 1; i <= lastRow; i++) {
                b.append(i == lastRow - n + 1 ? "" : ",").append(m[i][j]);
            }
            b.append("]}");
        }
        return b.append("],").append(extra).append('}').toString();
    }

    @Test
    void multiTableZipAndFolderFromTheDataDirectory() {
        String zip = MvData.file("mt/series.zip", MvData.zip(MvData.TRAIN));
        for (int j = 0; j < MvData.VARIABLES.size(); j++) {
            MvData.file("mt/folder/" + MvData.VARIABLES.get(j) + ".csv",
                    MvData.variable(j, MvData.TRAIN).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (String source : new String[] {zip, "file:mt/folder", MvData.serve("series.zip", MvData.zip(MvData.TRAIN))}) {
            String body = trainBody(source, MvData.TRAIN, "").replace("OneTable", "MultiTable");
            String id = given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).body(body).post(BASE + "/models")
                    .then().statusCode(201).extract().path("modelId");
            JsonPath model = awaitModel(id);
            assertEquals("READY", model.getString("modelInfo.status"), source + ": " + model.prettify());
            assertEquals(List.of("load", "power", "temp"),
                    model.getList("modelInfo.diagnosticsInfo.variableStates.variable"));
            given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).delete(BASE + "/models/" + id).then().statusCode(204);
        }
    }

    @Test
    void listPagesWithNextLink() {
        String source = MvData.serve("list.csv", MvData.oneTable(MvData.TRAIN));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(train(source));
        }
        ids.forEach(MultivariateApiTest::awaitModel);
        int total = given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/models?skip=0&top=2")
                .then().statusCode(200).body("models", hasSize(2)).body("maxCount", equalTo(300))
                .body("nextLink", endsWith("/anomalydetector/v1.1/multivariate/models?skip=2&top=2"))
                .extract().path("currentCount");
        assertTrue(total >= 3);
        JsonPath all = given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/models?skip=0&top=10").jsonPath();
        List<String> listed = all.getList("models.modelId");
        assertTrue(listed.containsAll(ids) || total > 10, listed.toString());
        String lastPage = "/models?skip=" + (total - 1) + "&top=5";
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + lastPage).then().statusCode(200)
                .body("models", hasSize(1)).body("nextLink", org.hamcrest.Matchers.nullValue());
        ids.forEach(id -> given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).delete(BASE + "/models/" + id)
                .then().statusCode(204));
        assertFalse(given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/models?top=10")
                .jsonPath().getList("models.modelId").contains(ids.get(0)));
    }
}
