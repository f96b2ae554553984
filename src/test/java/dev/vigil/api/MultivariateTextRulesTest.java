package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import dev.vigil.testing.MvDataResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * What the texts, numbers and times of a multivariate request may hold, found by a hostile walk with the Azure
 * clients: a NUL reached PostgreSQL (500), a lone surrogate was stored as {@code ?} and changed a signed URL before
 * it was fetched. Each is a 400 naming the field, and nothing is stored.
 */
@QuarkusTest
@QuarkusTestResource(MvDataResource.class)
class MultivariateTextRulesTest {

    @Inject
    Db db;

    private static String train(String from, String to) {
        return MultivariateErrorsTest.valid().replace(from, to);
    }

    private static String withSource(String source) {
        return MultivariateErrorsTest.valid().replaceFirst("\"dataSource\":\"[^\"]*\"",
                java.util.regex.Matcher.quoteReplacement("\"dataSource\":\"" + source + "\""));
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreRefusedNamingTheField() {
        long before = db.count("select count(*) from mv_model");
        for (String name : new String[] {"a\\u0000b", "\\ud800x", "x\\udc00", "tab\\there"}) {
            MultivariateErrorsTest.error(MultivariateErrorsTest.post("/models", train("\"demo\"", "\"" + name + "\"")),
                    400, "BadArgument", "displayName holds");
        }
        String url = MvData.serve("text-rules.csv", MvData.oneTable(MvData.TRAIN));
        for (String source : new String[] {url + "?a=\\ud800", url + "?a=\\u0000", "file:a\\u0000.csv"}) {
            MultivariateErrorsTest.error(MultivariateErrorsTest.post("/models", withSource(source)), 400,
                    "InvalidBlobURL", "dataSource holds");
        }
        String last = MultivariateApiTest.lastBody(100, 28, "variable", "\"topContributorCount\":1")
                .replace("\"load\"", "\"lo\\u0000ad\"");
        MultivariateErrorsTest.error(MultivariateErrorsTest.post("/models/" + java.util.UUID.randomUUID()
                + ":detect-last", last), 400, "BadArgument", "variables[0].variable holds");
        assertEquals(before, db.count("select count(*) from mv_model"));
    }

    @Test
    void aControlCharacterInAColumnNameFailsTheJobAtOnceWithADataError() {
        // it reached PostgreSQL with the variable states, whose refusal was retried until the attempts ran out
        String csv = MvData.oneTable(MvData.TRAIN).replaceFirst("power", "pow\u0000er");
        String source = MvData.file("nul-column.csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String id = MultivariateErrorsTest.post("/models", withSource(source)).statusCode(201)
                .extract().path("modelId");
        io.restassured.path.json.JsonPath model = MultivariateApiTest.awaitModel(id);
        assertEquals("FAILED", model.getString("modelInfo.status"), model.prettify());
        assertEquals("VariableParseError", model.getString("modelInfo.errors[0].code"));
        org.junit.jupiter.api.Assertions.assertTrue(model.getString("modelInfo.errors[0].message")
                .contains("column 3"));

        String ready = MultivariateApiTest.train(MvData.serve("names-ok.csv", MvData.oneTable(MvData.TRAIN)));
        MultivariateApiTest.awaitModel(ready);
        String batch = "{\"dataSource\":\"" + source + "\",\"startTime\":\"" + MvData.time(100)
                + "\",\"endTime\":\"" + MvData.time(200) + "\"}";
        String resultId = MultivariateErrorsTest.post("/models/" + ready + ":detect-batch", batch).statusCode(202)
                .extract().path("resultId");
        io.restassured.path.json.JsonPath result = MultivariateApiTest.awaitResult(resultId);
        assertEquals("VariableParseError", result.getString("summary.errors[0].code"), result.prettify());
        for (String m : new String[] {id, ready}) {
            io.restassured.RestAssured.given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                    .delete(MultivariateApiTest.BASE + "/models/" + m).then().statusCode(204);
        }
    }

    @Test
    void paddingValueKeepsTheBoundOfDataValues() {
        for (String pad : new String[] {"1e308", "-1e308", "1.5e100"}) {
            String body = train("\"Linear\",\"paddingValue\":0", "\"Fixed\",\"paddingValue\":" + pad);
            MultivariateErrorsTest.error(MultivariateErrorsTest.post("/models", body), 400, "RequiredPaddingValue",
                    "out of range [-1e100, 1e100]");
        }
    }

    @Test
    void timesOutsideYearsOneTo9999AreRefused() {
        String start = "\"startTime\":\"" + MvData.time(0) + "\"";
        for (String t : new String[] {"-1000000000-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z"}) {
            MultivariateErrorsTest.error(MultivariateErrorsTest.post("/models", train(start, "\"startTime\":\"" + t
                    + "\"")), 400, "InvalidTimestampFormat", "startTime must lie between years 1 and 9999");
        }
        String batch = "{\"dataSource\":\"" + MvData.serve("years.csv", "timestamp,a\n") + "\",\"startTime\":\""
                + MvData.time(0) + "\",\"endTime\":\"+1000000000-12-31T23:59:59Z\"}";
        MultivariateErrorsTest.error(MultivariateErrorsTest.post("/models/" + java.util.UUID.randomUUID()
                + ":detect-batch", batch), 400, "InvalidTimestampFormat", "endTime must lie between years 1 and 9999");
        String last = MultivariateApiTest.lastBody(100, 28, "variable", "\"topContributorCount\":1")
                .replace(MvData.time(100).toString(), "+10000-01-01T00:00:00Z");
        MultivariateErrorsTest.error(MultivariateErrorsTest.post("/models/" + java.util.UUID.randomUUID()
                + ":detect-last", last), 400, "InvalidTimestampFormat", "timestamps[27] must lie between years 1");
    }

    @Test
    void displayNameCountsCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00";
        String id = MultivariateErrorsTest.post("/models", train("\"demo\"", "\"" + emoji.repeat(24) + "\""))
                .statusCode(201).extract().path("modelId");
        MultivariateErrorsTest.error(MultivariateErrorsTest.post("/models", train("\"demo\"",
                "\"" + emoji.repeat(25) + "\"")), 400, "BadArgument", "at most 24 characters, was 25");
        MultivariateApiTest.awaitModel(id);
        io.restassured.RestAssured.given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                .delete(MultivariateApiTest.BASE + "/models/" + id).then().statusCode(204);
    }
}
