package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.security.Sealer;
import dev.vigil.storage.MvModelStore;
import dev.vigil.storage.MvResultStore;
import dev.vigil.testing.Db;
import dev.vigil.testing.MvDataResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A multivariate request's {@code dataSource} (a blob URL's SAS token is a credential) is stored sealed under
 * {@code vigil.secrets.keys}, which the test profile sets: nothing of it in the row, the API and the jobs read it as
 * given; one stored clear (before keys were set) is sealed by the next start; one sealed under a key this replica
 * lacks affects only its own model or detection.
 */
@QuarkusTest
@QuarkusTestResource(MvDataResource.class)
class MultivariateSealingTest {

    private static final String TOKEN = "sig=Zm9vYmFy-s3cret";
    private static final String PREVIEW = "/anomalydetector/v1.1-preview.1/multivariate";

    @Inject
    Db db;
    @Inject
    MvModelStore models;
    @Inject
    MvResultStore results;
    @Inject
    MvDetectionRun detectionRun;

    @Test
    void dataSourcesAreStoredSealedAndReadAsGiven() throws java.io.IOException {
        String source = MvData.serve("sealed.csv", MvData.oneTable(MvData.ROWS)) + "?sv=2022-11-02&" + TOKEN;
        String modelId = MultivariateApiTest.train(source);
        assertSealed("mv_model", modelId);
        JsonPath model = MultivariateApiTest.awaitModel(modelId);
        assertEquals("READY", model.getString("modelInfo.status"), model.prettify());
        assertEquals(source, model.getString("modelInfo.dataSource"));

        Response started = given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                .body("{\"dataSource\":\"" + source + "\",\"topContributorCount\":2,\"startTime\":\""
                        + MvData.time(MvData.TRAIN) + "\",\"endTime\":\"" + MvData.time(MvData.ROWS - 1) + "\"}")
                .post(MultivariateApiTest.BASE + "/models/" + modelId + ":detect-batch");
        started.then().statusCode(202).body("summary.setupInfo.dataSource", equalTo(source));
        String resultId = started.header("Operation-Id");
        assertSealed("mv_result", resultId);
        JsonPath result = MultivariateApiTest.awaitResult(resultId);
        assertEquals("READY", result.getString("summary.status"), result.prettify());
        assertEquals(source, result.getString("summary.setupInfo.dataSource"));

        // an export is a file that travels: it carries the source without its SAS token, and still imports
        byte[] zip = given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                .get(PREVIEW + "/models/" + modelId + "/export").then().statusCode(200).extract().asByteArray();
        StringBuilder exported = new StringBuilder();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            while (in.getNextEntry() != null) {
                exported.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(exported.indexOf("sealed.csv") >= 0, "the export was read");
        assertFalse(exported.indexOf("s3cret") >= 0, "no token in the export");
        String bare = source.substring(0, source.indexOf('?'));
        String imported = given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                .contentType("application/zip").body(zip).post(PREVIEW + "/models/import").then().statusCode(201)
                .body("modelInfo.source", equalTo(bare)).extract().path("modelId");
        delete(imported);

        // stored in clear (before keys were set): the next start seals it, and it reads as before
        db.rows("update mv_model set data_source = ? where id = ?::uuid returning id", source, modelId);
        assertTrue(models.reseal() >= 1);
        assertEquals(0, models.reseal(), "nothing left to seal");
        assertSealed("mv_model", modelId);
        model(modelId).then().statusCode(200).body("modelInfo.dataSource", equalTo(source));
        delete(modelId);
    }

    @Test
    void aSourceSealedUnderAKeyThisReplicaLacksAffectsOnlyItsOwnRows() {
        String source = MvData.serve("sealed-gone.csv", MvData.oneTable(MvData.ROWS)) + "?" + TOKEN;
        String modelId = MultivariateApiTest.train(source);
        assertEquals("READY", MultivariateApiTest.awaitModel(modelId).getString("modelInfo.status"));
        String other = MultivariateApiTest.train(source);
        Sealer gone = new Sealer(() -> Optional.of(List.of(Base64.getEncoder().encodeToString(new byte[32]))));
        UUID resultId = UUID.randomUUID();
        try {
            db.rows("update mv_model set data_source = ? where id = ?::uuid returning id",
                    gone.seal("mv_model.data_source", source), modelId);
            model(modelId).then().statusCode(200).body("modelInfo.status", equalTo("READY"))
                    .body("modelInfo.dataSource", nullValue())
                    .body("modelInfo.errors[0].code", equalTo("DataSourceUnreadable"))
                    .body("modelInfo.errors[0].message", containsString("which vigil.secrets.keys does not hold"))
                    .body("modelInfo.errors[0].message", org.hamcrest.Matchers.not(containsString("s3cret")));
            model(other).then().statusCode(200).body("modelInfo.dataSource", equalTo(source))
                    .body("modelInfo.errors.size()", equalTo(0));
            // scoring needs no data source: last detection still answers
            given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                    .body(MultivariateApiTest.lastBody(MvData.FAULT, 28, "variable", "\"topContributorCount\":1"))
                    .post(MultivariateApiTest.BASE + "/models/" + modelId + ":detect-last").then().statusCode(200);
            IllegalStateException e = assertThrows(IllegalStateException.class, models::reseal);
            assertTrue(e.getMessage().contains("which vigil.secrets.keys does not hold"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());

            // a detection this replica claims but cannot read is given back as waiting, its attempt not counted
            db.exec("insert into mv_result (id, model_id, status, request, data_source, claimed_by, lease_until,"
                    + " attempts) values ('" + resultId + "', '" + modelId + "', 'CREATED', '{\"topContributorCount\":1,"
                    + "\"startTime\":\"" + MvData.time(MvData.TRAIN) + "\",\"endTime\":\"" + MvData.time(MvData.ROWS - 1)
                    + "\"}'::jsonb, '" + gone.seal("mv_result.data_source", source) + "', null, null, 0)");
            detectionRun.run(resultId, "replica-without-the-key");
            assertEquals("CREATED", db.strings("select status from mv_result where id = ?", resultId).get(0));
            assertEquals(0L, db.count("select attempts from mv_result where id = ?", resultId));
            given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                    .get(MultivariateApiTest.BASE + "/detect-batch/" + resultId).then().statusCode(200)
                    .body("summary.setupInfo.dataSource", nullValue())
                    .body("summary.errors[0].code", equalTo("DataSourceUnreadable"));
        } finally {
            // a row no key opens would stop every later start of this test run
            db.exec("delete from mv_result where id = '" + resultId + "'");
            delete(modelId);
            delete(other);
        }
        models.reseal(); // throws if a row no key opens were left
        results.reseal();
    }

    private void assertSealed(String table, String id) {
        String stored = db.strings("select data_source from " + table + " where id = ?::uuid", id).get(0);
        String request = db.strings("select request::text from " + table + " where id = ?::uuid", id).get(0);
        assertTrue(stored.startsWith("sealed:v1:"), stored);
        assertFalse(stored.contains("s3cret") || request.contains("s3cret") || request.contains("dataSource"),
                stored + " " + request);
    }

    private static Response model(String id) {
        return given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                .get(MultivariateApiTest.BASE + "/models/" + id);
    }

    private static void delete(String id) {
        given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                .delete(MultivariateApiTest.BASE + "/models/" + id);
    }
}
