package dev.vigil.groups;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Training on demand over the API: a rack of 300 variables trains, a constant and a mostly-missing variable are
 * named in the model's notes and data quality, a retraining replaces the active model and only the configured
 * number of previous versions is kept.
 */
@QuarkusTest
class GroupTrainingTest {

    static final int VARIABLES = 300;
    static final int WINDOWS = 1000;
    static final Instant START = Instant.parse("2026-09-01T00:00:00Z");

    @Inject
    Db db;

    @BeforeEach
    void clean() {
        db.reset();
    }

    /**
     * 300 series m000..m299 of host h1 written straight into the tables (ingesting 300,000 readings over HTTP would
     * test ingestion, not training): five latent signals mixed per variable, m000 constant, m001 in one window of 5.
     */
    private void rack() {
        db.exec("insert into series (id, series_key, metric, dimensions) select 900000 + j, "
                + "'m' || lpad(j::text, 3, '0') || '{host=h1}', 'm' || lpad(j::text, 3, '0'), '{\"host\":\"h1\"}' "
                + "from generate_series(0, " + (VARIABLES - 1) + ") j");
        db.exec("insert into window_aggregate (series_id, window_start, count, sum, min, max, last_value, last_ts) "
                + "select 900000 + j, w, 1, v, v, v, v, w from (select j, timestamptz '" + START + "' + i * interval "
                + "'5 minutes' w, case when j = 0 then 5.0 else sin(i * (0.01 + (j % 5) * 0.013) + j) * (1 + j % 7) "
                + "+ 0.1 * random() end v, i from generate_series(0, " + (WINDOWS - 1) + ") i, generate_series(0, "
                + (VARIABLES - 1) + ") j) x where j <> 1 or i % 5 = 0");
    }

    private static JsonPath train(String at) {
        return given().contentType("application/json").body("{\"at\":\"" + at + "\"}")
                .post("/api/v1/groups/rack/training").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void threeHundredVariablesTrainAndTheirDataQualityIsKept() {
        rack();
        given().contentType("application/json").body("{\"name\":\"rack\",\"metrics\":[" + metrics()
                + "],\"by\":[\"host\"]}").post("/api/v1/admin/groups").then().statusCode(201);
        Instant end = START.plusSeconds(300L * WINDOWS);
        JsonPath round = train(end.plusSeconds(180).toString());
        assertEquals(1, round.getInt("ready"), round.prettify());

        JsonPath model = given().get("/api/v1/groups/rack/models").then().statusCode(200)
                .body("[0].status", equalTo("READY")).body("[0].active", equalTo(true))
                .body("[0].rowsUsed", equalTo(WINDOWS)).body("[0].entityKey", equalTo("rack{host=h1}"))
                .body("[0].variables.size()", equalTo(VARIABLES)).extract().jsonPath();
        List<Map<String, Object>> quality = model.getList("[0].quality");
        assertEquals(true, quality.get(0).get("constant"));
        assertEquals(true, quality.get(1).get("excluded"));
        assertEquals(0.8, ((Number) quality.get(1).get("missingRatio")).doubleValue(), 1e-6);
        List<String> notes = model.getList("[0].notes");
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("m000 was constant")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("m001 is missing in 80 %")), notes.toString());
        assertTrue(model.getLong("[0].trainingMillis") >= 0);

        // the same span again is already trained; later spans replace the active model, keeping 2 previous ones
        assertEquals(1, train(end.plusSeconds(180).toString()).getInt("skipped"));
        for (int k = 1; k <= 3; k++) {
            assertEquals(1, train(end.plusSeconds(180 + 300L * k).toString()).getInt("ready"));
        }
        assertEquals(3, db.count("select count(*) from group_model"));
        assertEquals(1, db.count("select count(*) from group_model where active"));
        assertEquals(db.count("select max(id) from group_model"), db.count("select id from group_model where active"));
    }

    private static String metrics() {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < VARIABLES; j++) {
            b.append(j == 0 ? "" : ",").append(String.format("\"m%03d\"", j));
        }
        return b.toString();
    }
}
