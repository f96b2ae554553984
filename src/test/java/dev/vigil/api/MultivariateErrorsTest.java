package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import dev.vigil.testing.MvDataResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every error code of the multivariate API that a client can provoke (azure-api.md §5.7): status, the
 * {@code {"code", "message"}} body naming the field, the {@code x-ms-error-code} header; nothing is stored on a 4xx.
 * Data errors that the service found only while working are in the model's or result's {@code errors}.
 */
@QuarkusTest
@QuarkusTestResource(MvDataResource.class)
class MultivariateErrorsTest {

    static final String KEY = MultivariateApiTest.KEY;
    static final String BASE = MultivariateApiTest.BASE;

    @Inject
    Db db;

    static ValidatableResponse post(String path, String body) {
        return given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).body(body).when().post(BASE + path).then();
    }

    static void error(ValidatableResponse r, int status, String code, String messagePart) {
        r.statusCode(status).header("x-ms-error-code", code).body("code", equalTo(code))
                .body("message", containsString(messagePart));
    }

    static String valid() {
        return MultivariateApiTest.trainBody(MvData.serve("errors.csv", MvData.oneTable(MvData.TRAIN)), MvData.TRAIN, "");
    }

    @Test
    void trainRequestErrorsStoreNothing() {
        String ok = valid();
        long before = db.count("select count(*) from mv_model");
        error(post("/models", "{"), 400, "InvalidJsonFormat", "not valid JSON");
        error(post("/models", "[]"), 400, "InvalidJsonFormat", "JSON object");
        error(post("/models", ok.replaceFirst("\"dataSource\":\"[^\"]*\",", "")), 400, "RequiredSource", "dataSource");
        error(post("/models", ok.replaceFirst("\"startTime\":\"[^\"]*\",", "")), 400, "RequiredStartTime", "startTime");
        error(post("/models", ok.replaceFirst("\"endTime\":\"[^\"]*\",", "")), 400, "RequiredEndTime", "endTime");
        error(post("/models", ok.replaceFirst("\"startTime\":\"[^\"]*\"", "\"startTime\":\"yesterday\"")), 400,
                "InvalidTimestampFormat", "startTime");
        error(post("/models", ok.replaceFirst("\"startTime\":\"[^\"]*\"", "\"startTime\":\"2030-01-01T00:00:00Z\"")),
                400, "InvalidTimestampFormat", "endTime");
        for (String w : new String[] {"27", "2881", "30.5", "\"30\""}) {
            error(post("/models", ok.replace("\"slidingWindow\":28", "\"slidingWindow\":" + w)), 400,
                    "InvalidSlidingWindow", "slidingWindow");
        }
        error(post("/models", ok.replace("\"Outer\"", "\"Middle\"")), 400, "InvalidAlignMode", "alignMode");
        error(post("/models", ok.replace("\"Linear\"", "\"Mean\"")), 400, "InvalidFillNAMethod", "fillNAMethod");
        error(post("/models", ok.replace("\"Linear\"", "\"NotFill\"")), 400, "InvalidFillNAMethod", "Outer");
        error(post("/models", ok.replace("\"Linear\",\"paddingValue\":0", "\"Fixed\"")), 400,
                "RequiredPaddingValue", "paddingValue");
        error(post("/models", ok.replace("\"demo\"", "\"a-display-name-of-25-char\"")), 400, "BadArgument", "displayName");
        assertEquals(before, db.count("select count(*) from mv_model"));
    }

    @Test
    void dataSourcesOutsideTheAllowedPlacesAreRefusedUnread() {
        String ok = valid();
        String base = MvDataResource.baseUrl();
        for (String source : new String[] {"https://example.com/data/x.csv", "ftp://127.0.0.1/x.csv",
                base.replace("/data/", "/other/") + "x.csv", base + "../secret.csv", base.replace("http://", "http://u:p@") + "x.csv",
                base.substring(0, base.length() - 1) + "x/x.csv", "file:../outside.csv", "file:/etc/passwd",
                "file:%2e%2e/outside.csv", "blob.csv"}) {
            error(post("/models", ok.replaceFirst("\"dataSource\":\"[^\"]*\"", "\"dataSource\":\"" + source + "\"")),
                    400, "InvalidBlobURL", "");
        }
        // the refusal does not echo a credential in the URL's user info
        String withUser = base.replace("http://", "http://u:s3cret@") + "x.csv";
        post("/models", ok.replaceFirst("\"dataSource\":\"[^\"]*\"", "\"dataSource\":\"" + withUser + "\""))
                .statusCode(400).body("message", org.hamcrest.Matchers.not(containsString("s3cret")))
                .body("message", containsString("***@"));
        error(post("/models", ok.replaceFirst("\"dataSource\":\"[^\"]*\"", "\"dataSource\":\"file:missing.csv\"")), 400,
                "FileNotExist", "missing.csv");
        String big = MvData.file("big.csv", new byte[2_000_001]);
        error(post("/models", ok.replaceFirst("\"dataSource\":\"[^\"]*\"", "\"dataSource\":\"" + big + "\"")), 413,
                "InvalidFileSize", "big.csv");
    }

    @Test
    void keyHeaderMissingOrWrong() {
        given().body(valid()).post(BASE + "/models").then().statusCode(400)
                .header("x-ms-error-code", "SubscriptionNotInHeaders").body("code", equalTo("SubscriptionNotInHeaders"))
                .body("message", containsString("Ocp-Apim-Subscription-Key"));
        given().header(SubscriptionKeyFilter.KEY_HEADER, "wrong").body(valid()).post(BASE + "/models").then()
                .statusCode(401).body("error.code", equalTo("401"));
    }

    @Test
    void modelAndResultThatDoNotExist() {
        String id = UUID.randomUUID().toString();
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/models/" + id).then().statusCode(404)
                .header("x-ms-error-code", "ModelNotExist").body("message", containsString(id));
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/models/not-a-uuid").then().statusCode(404)
                .body("code", equalTo("ModelNotExist"));
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).delete(BASE + "/models/" + id).then().statusCode(404)
                .body("code", equalTo("ModelNotExist"));
        String batch = "{\"dataSource\":\"" + MvDataResource.baseUrl() + "errors.csv\",\"topContributorCount\":10,"
                + "\"startTime\":\"2021-01-01T00:00:00Z\",\"endTime\":\"2021-01-01T01:00:00Z\"}";
        error(post("/models/" + id + ":detect-batch", batch), 404, "ModelNotExist", id);
        error(post("/models/" + id + ":detect-last", MultivariateApiTest.lastBody(100, 28, "variable", "\"topContributorCount\":1")),
                404, "ModelNotExist", id);
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/detect-batch/" + id).then().statusCode(404)
                .header("x-ms-error-code", "ResultNotExist").body("code", equalTo("ResultNotExist"));
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get("/anomalydetector/v1.0/multivariate/models").then()
                .statusCode(404);
    }

    @Test
    void listParameters() {
        for (String q : new String[] {"skip=-1", "top=abc", "$top=0", "skip=1.5"}) {
            given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).get(BASE + "/models?" + q).then().statusCode(400)
                    .header("x-ms-error-code", "InvalidRequestParameterError");
        }
    }

    @Test
    void modelLimits() {
        db.exec("insert into mv_model (id, status, request, data_source) select gen_random_uuid(), 'FAILED', '{}'::jsonb, ''"
                + " from generate_series(1, 300 - (select count(*) from mv_model))");
        try {
            error(post("/models", valid()), 400, "TooManyModels", "max-models");
        } finally {
            db.exec("delete from mv_model where request = '{}'::jsonb");
        }
        db.exec("insert into mv_model (id, status, request, data_source, claimed_by, lease_until) select"
                + " gen_random_uuid(), 'RUNNING', '{}'::jsonb, '', 'elsewhere', now() + interval '1 hour' from generate_series(1, 5)");
        try {
            error(post("/models", valid()), 400, "TooManyRunningModels", "max-running-models");
        } finally {
            db.exec("delete from mv_model where request = '{}'::jsonb");
        }
    }

    @Test
    void inferenceOnAModelNotReadyOrFailed() {
        String slow = MvData.serve("slow-source.csv", MvData.oneTable(MvData.TRAIN)).replace("/data/", "/data/slow/");
        String id = post("/models", MultivariateApiTest.trainBody(slow, MvData.TRAIN, "")).statusCode(201)
                .extract().path("modelId");
        String batch = "{\"dataSource\":\"" + slow + "\",\"startTime\":\"" + MvData.time(0) + "\",\"endTime\":\""
                + MvData.time(10) + "\"}";
        error(post("/models/" + id + ":detect-batch", batch), 400, "ModelNotReady", "READY");
        MultivariateApiTest.awaitModel(id);

        String few = MvData.serve("few.csv", MvData.oneTable(60));
        String failed = post("/models", MultivariateApiTest.trainBody(few, 60, "")).statusCode(201).extract().path("modelId");
        JsonPath model = MultivariateApiTest.awaitModel(failed);
        assertEquals("FAILED", model.getString("modelInfo.status"));
        assertEquals("NotEnoughInput", model.getString("modelInfo.errors[0].code"), model.prettify());
        assertEquals(3, model.getList("modelInfo.diagnosticsInfo.variableStates").size());
        error(post("/models/" + failed + ":detect-batch", batch.replace(slow, few)), 400, "ModelFailed", failed);
        error(post("/models/" + failed + ":detect-last", MultivariateApiTest.lastBody(100, 28, "variable", "\"topContributorCount\":1")),
                400, "ModelFailed", failed);

        String gone = post("/models", MultivariateApiTest.trainBody(MvDataResource.baseUrl() + "gone.csv", 60, ""))
                .statusCode(201).extract().path("modelId");
        JsonPath goneModel = MultivariateApiTest.awaitModel(gone);
        assertEquals("FileNotExist", goneModel.getString("modelInfo.errors[0].code"), goneModel.prettify());
        for (String m : new String[] {id, failed, gone}) {
            given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).delete(BASE + "/models/" + m).then().statusCode(204);
        }
    }

    @Test
    void batchDataErrorsAreInTheResult() {
        String source = MvData.serve("batch-errors.csv", MvData.oneTable(MvData.TRAIN));
        String id = MultivariateApiTest.train(source);
        assertEquals("READY", MultivariateApiTest.awaitModel(id).getString("modelInfo.status"));
        String twoVars = MvData.serve("two-vars.csv", MvData.oneTable(MvData.TRAIN).replaceAll(",[^,\\n]*\\n", "\n"));
        String[][] cases = {
            {twoVars, "ColumnNotFound", "temp"},
            {MvDataResource.baseUrl() + "nothing-here.csv", "FileNotExist", "nothing-here.csv"},
        };
        for (String[] c : cases) {
            String batch = "{\"dataSource\":\"" + c[0] + "\",\"startTime\":\"" + MvData.time(100) + "\",\"endTime\":\""
                    + MvData.time(200) + "\"}";
            String resultId = post("/models/" + id + ":detect-batch", batch).statusCode(202).extract().path("resultId");
            JsonPath r = MultivariateApiTest.awaitResult(resultId);
            assertEquals("FAILED", r.getString("summary.status"));
            assertEquals(c[1], r.getString("summary.errors[0].code"), r.prettify());
            org.junit.jupiter.api.Assertions.assertTrue(r.getString("summary.errors[0].message").contains(c[2]));
        }
        String early = "{\"dataSource\":\"" + source + "\",\"startTime\":\"" + MvData.time(0) + "\",\"endTime\":\""
                + MvData.time(10) + "\"}";
        String resultId = post("/models/" + id + ":detect-batch", early).statusCode(202).extract().path("resultId");
        JsonPath r = MultivariateApiTest.awaitResult(resultId);
        assertEquals("FAILED", r.getString("summary.status"));
        assertEquals("NotEnoughInput", r.getString("summary.errors[0].code"));
        error(post("/models/" + id + ":detect-batch", early.replace("\"startTime\"", "\"topContributorCount\":31,\"startTime\"")),
                400, "BadArgument", "topContributorCount");
        error(post("/models/" + id + ":detect-last", MultivariateApiTest.lastBody(100, 20, "variable", "\"topContributorCount\":1")),
                400, "NotEnoughInput", "slidingWindow");
        // a value beyond the univariate API's bound: the engine's squares overflowed and the score came back "NaN"
        String huge = MultivariateApiTest.lastBody(100, 28, "variable", "\"topContributorCount\":1")
                .replaceFirst("\"values\":\\[[^,\\]]+", "\"values\":[1e200");
        error(post("/models/" + id + ":detect-last", huge), 400, "BadArgument", "out of range");
        given().header(SubscriptionKeyFilter.KEY_HEADER, KEY).delete(BASE + "/models/" + id).then().statusCode(204);
    }
}
