package dev.vigil.api;

import static io.restassured.RestAssured.given;

import dev.vigil.testing.MvDataResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * An import is refused where its parts contradict each other or the texts and numbers a train request may hold:
 * model.json's variables against the snapshot's, engine.json's step, NUL in its texts. Nothing is stored then.
 */
@QuarkusTest
@QuarkusTestResource(MvDataResource.class)
class MultivariateImportTest {

    private static final String BASE = MultivariateApiTest.BASE;

    /** The export with {@code entry}'s text changed by {@code edit}. */
    private static byte[] edited(byte[] zip, String entry, UnaryOperator<String> edit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
             ZipOutputStream z = new ZipOutputStream(out)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals(entry)) {
                    content = edit.apply(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(content);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static io.restassured.response.ValidatableResponse load(byte[] zip) {
        return given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY).contentType("application/zip")
                .body(zip).post(BASE + "/models/import").then();
    }

    @Test
    void anImportWhosePartsDisagreeIsRefusedNamingTheField() throws IOException {
        String id = MultivariateApiTest.train(MvData.serve("import.csv", MvData.oneTable(MvData.TRAIN)));
        MultivariateApiTest.awaitModel(id);
        byte[] zip = given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                .get(BASE + "/models/" + id + "/export").then().statusCode(200).extract().asByteArray();
        int models = given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY).get(BASE + "/models")
                .then().extract().path("currentCount");

        String[][] modelJson = {
            {"\"variable\":\"power\"", "\"variable\":\"load\"", "variableStates must name"},
            {"\"variable\":\"(load|power|temp)\"", "\"variable\":\"x\"", "variableStates must name"},
            {"\"variableStates\":\\[.*?\\]\\}", "\"variableStates\":[]}", "variableStates must name"},
            {"\"variable\":\"temp\"", "\"variable\":\"te\\\\u0000mp\"", "variableStates must name"},
            {"\"displayName\":\"demo\"", "\"displayName\":\"de\\\\u0000mo\"", "displayName holds"},
        };
        for (String[] c : modelJson) {
            MultivariateErrorsTest.error(load(edited(zip, "model.json", t -> t.replaceAll(c[0], c[1]))), 400,
                    "BadArgument", c[2]);
        }
        MultivariateErrorsTest.error(load(edited(zip, "model.json", t -> t.replaceAll("\"dataSource\":\"[^\"]*\"",
                "\"dataSource\":\"file:a\\\\u0000\""))), 400, "InvalidBlobURL", "model.json: modelInfo.dataSource");
        for (String step : new String[] {"1.5", "\"60\"", "0", "-60", "60.0", "null"}) {
            MultivariateErrorsTest.error(load(edited(zip, "engine.json",
                    t -> t.replaceAll("\"stepSeconds\":[^,}]+", "\"stepSeconds\":" + step))), 400, "BadArgument",
                    "stepSeconds must be a whole number");
        }
        given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY).get(BASE + "/models").then()
                .body("currentCount", org.hamcrest.Matchers.equalTo(models));
        String imported = load(zip).statusCode(201).extract().path("modelId");
        for (String m : new String[] {id, imported}) {
            given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY).delete(BASE + "/models/" + m)
                    .then().statusCode(204);
        }
    }
}
