package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.Db;
import dev.vigil.testing.MvDataResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Jobs interrupted by a stopped replica (a crash or a restart) are never left RUNNING: the rows below are what a
 * replica that died mid-job leaves behind (RUNNING, its lease run out). {@link MvJobs#pickUp()}, which runs at
 * start-up and on every heartbeat, resumes them, or fails them with the reason once they were interrupted
 * {@code max-attempts} times; a job whose lease still runs belongs to a live replica and is left alone.
 */
@QuarkusTest
@QuarkusTestResource(MvDataResource.class)
class MultivariateRecoveryTest {

    @Inject
    Db db;

    @Inject
    MvJobs jobs;

    static String trainRequest(String source) {
        return "{\"dataSource\":\"" + source + "\",\"dataSchema\":\"OneTable\",\"startTime\":\"" + MvData.time(0)
                + "\",\"endTime\":\"" + MvData.time(MvData.TRAIN - 1) + "\",\"slidingWindow\":28,"
                + "\"alignPolicy\":{\"alignMode\":\"Outer\",\"fillNAMethod\":\"Linear\",\"paddingValue\":0.0}}";
    }

    private UUID interruptedModel(String source, int attempts, String lease) {
        UUID id = UUID.randomUUID();
        // stored in clear, as before vigil.secrets.keys was set: read as it is
        db.exec("insert into mv_model (id, status, request, data_source, claimed_by, lease_until, attempts) values ('"
                + id + "', 'RUNNING', '" + trainRequest(source) + "'::jsonb, '" + source + "', 'stopped-replica',"
                + " now() + interval '" + lease + "', " + attempts + ")");
        return id;
    }

    static JsonPath model(UUID id) {
        return given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                .get(MultivariateApiTest.BASE + "/models/" + id).jsonPath();
    }

    @Test
    void interruptedTrainingIsResumedOrFailedWithTheReason() {
        String source = MvData.serve("recovery.csv", MvData.oneTable(MvData.TRAIN));
        UUID resumed = interruptedModel(source, 1, "-1 minute");
        UUID exhausted = interruptedModel(source, 3, "-1 minute");
        UUID live = interruptedModel(source, 1, "1 hour");

        jobs.pickUp();

        await().atMost(Duration.ofSeconds(60)).until(() -> "READY".equals(model(resumed).getString("modelInfo.status")));
        assertEquals(2L, db.count("select attempts from mv_model where id = ?", resumed));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(model(exhausted).getString("modelInfo.status")));
        JsonPath failed = model(exhausted);
        assertEquals("UnexpectedError", failed.getString("modelInfo.errors[0].code"));
        assertTrue(failed.getString("modelInfo.errors[0].message").contains("interrupted 3 times"), failed.prettify());
        assertEquals("RUNNING", model(live).getString("modelInfo.status"));
        assertEquals(1L, db.count("select attempts from mv_model where id = ?", live));
        db.exec("delete from mv_model where id in ('" + resumed + "', '" + exhausted + "', '" + live + "')");
    }

    @Test
    void interruptedBatchDetectionIsResumed() {
        String source = MvData.serve("recovery-batch.csv", MvData.oneTable(MvData.ROWS));
        String modelId = MultivariateApiTest.train(source);
        assertEquals("READY", MultivariateApiTest.awaitModel(modelId).getString("modelInfo.status"));
        UUID resultId = UUID.randomUUID();
        db.exec("insert into mv_result (id, model_id, status, request, data_source, claimed_by, lease_until, attempts)"
                + " values ('" + resultId + "', '" + modelId + "', 'RUNNING', '{\"topContributorCount\":10,\"startTime\":\""
                + MvData.time(MvData.TRAIN) + "\",\"endTime\":\"" + MvData.time(MvData.ROWS - 1) + "\"}'::jsonb, '"
                + source + "', 'stopped-replica', now() - interval '1 minute', 1)");

        jobs.pickUp();

        JsonPath result = MultivariateApiTest.awaitResult(resultId.toString());
        assertEquals("READY", result.getString("summary.status"), result.prettify());
        assertEquals(MvData.ROWS - MvData.TRAIN, result.getList("results").size());
        given().header(SubscriptionKeyFilter.KEY_HEADER, MultivariateApiTest.KEY)
                .delete(MultivariateApiTest.BASE + "/models/" + modelId).then().statusCode(204);
    }
}
