package dev.vigil.alerting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A voltage sag on one feeder becomes one incident with the feeder as its root cause; a stuck heater's power,
 * current and temperature become one incident of that meter; both are published once per change, on real
 * PostgreSQL.
 */
@QuarkusTest
public class IncidentsTest {

    static final int SAG = 1200;
    static final int HEATER = 1210;
    public static final int END = 1230;

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    IncidentRun incidents;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private static Map<String, String> dims(int feeder, int meter) {
        return Map.of("meter", "f" + feeder + "-m" + meter, "feeder", "f" + feeder,
                "region", feeder == 3 ? "south" : "north");
    }

    public static void fleet() {
        for (int f = 1; f <= 3; f++) {
            for (int m = 0; m < 6; m++) {
                Random r = new Random(f * 100L + m);
                boolean sags = f == 2;
                Readings.post("voltage", dims(f, m), 0, END,
                        i -> (sags && i >= SAG && i < SAG + 6 ? 200 : 230) + r.nextDouble() - 0.5);
            }
        }
        Random r = new Random(7);
        Readings.post("power", dims(1, 0), 0, END, i -> (i >= HEATER ? 3.0 : 1.0) + 0.05 * r.nextDouble());
        Readings.post("current", dims(1, 0), 0, END, i -> (i >= HEATER ? 13 : 4) + 0.2 * r.nextDouble());
        Readings.post("temperature", dims(1, 0), 0, END, i -> (i >= HEATER ? 27 : 20) + 0.2 * r.nextDouble());
    }

    @Test
    void aFeederSagIsOneIncidentWithTheFeederAsRootCauseAndAStuckHeaterIsOneOfItsMeter() {
        fleet();
        run.run(Series.nowAfter(END));

        JsonPath list = given().get("/api/v1/incidents").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> all = list.getList("$");
        Map<String, Object> sag = all.stream().filter(i -> Map.of("feeder", "f2").equals(i.get("scope")))
                .findFirst().orElseThrow(() -> new AssertionError("no feeder incident in " + all));
        assertEquals(6, sag.get("seriesCount"));
        assertEquals(Series.windowStart(SAG).toString(), sag.get("firstWindow"));
        String id = (String) sag.get("id");
        JsonPath detail = given().get("/api/v1/incidents/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("feeder", detail.getString("incident.rootCause.dimensions[0].key"));
        assertEquals("f2", detail.getString("incident.rootCause.dimensions[0].value"));
        assertEquals(1.0, detail.getDouble("incident.rootCause.dimensions[0].score"), 1e-9);
        assertTrue(detail.getDouble("incident.rootCause.dimensions[1].score") <= 0.5,
                "the region explains less than its feeder");
        assertEquals(6, detail.getList("incident.rootCause.series").size());
        assertTrue(detail.getList("timeline").size() >= 6);

        Map<String, Object> heater = all.stream().filter(i -> dims(1, 0).equals(i.get("scope"))
                && Series.windowStart(HEATER).toString().equals(i.get("firstWindow"))).findFirst()
                .orElseThrow(() -> new AssertionError("no heater incident in " + all));
        assertEquals(3, heater.get("seriesCount"), "power, current and temperature together");
        JsonPath h = given().get("/api/v1/incidents/" + heater.get("id")).then().extract().jsonPath();
        assertEquals("meter", h.getString("incident.rootCause.dimensions[0].key"));

        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = ? and payload->>'subject' = ?",
                IncidentEvents.OPENED, id), "one opened event for the whole feeder");
        assertEquals(0, db.count("select count(*) from alert_outbox where payload->>'type' = ? and payload->>'subject' = ?",
                IncidentEvents.UPDATED, id), "no updates while nothing joins");

        // quiet for longer than the quiet period: resolved once, and a repeated pass changes nothing
        incidents.update(Series.nowAfter(END).plus(java.time.Duration.ofHours(3)));
        incidents.update(Series.nowAfter(END).plus(java.time.Duration.ofHours(3)));
        given().get("/api/v1/incidents/" + id).then().body("incident.status", equalTo("resolved"));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = ? and payload->>'subject' = ?",
                IncidentEvents.RESOLVED, id));
        given().get("/api/v1/incidents?status=open").then().statusCode(200);
        given().get("/api/v1/incidents?status=closed").then().statusCode(400).body("field", equalTo("status"));
        given().get("/api/v1/incidents/nope").then().statusCode(400).body("field", equalTo("id"));
        given().get("/api/v1/incidents/" + java.util.UUID.randomUUID()).then().statusCode(404);
    }

    /**
     * Catching up after downtime takes several runs: an incident is not quiet while its series still have windows to
     * score in its quiet period (it was resolved against the cutoff, and the same fault opened a second incident).
     */
    @Test
    void anIncidentWhoseSeriesStillHaveWindowsToScoreIsNotResolved() {
        fleet();
        run.run(Series.nowAfter(END));
        Map<String, Object> sag = given().get("/api/v1/incidents").then().extract().jsonPath()
                .<Map<String, Object>>getList("$").stream().filter(i -> Map.of("feeder", "f2").equals(i.get("scope")))
                .findFirst().orElseThrow();
        String id = (String) sag.get("id");
        String backlog = "update window_aggregate w set pending = %s from series s where s.id = w.series_id "
                + "and s.dimensions->>'feeder' = 'f2' and w.window_start > '%s'::timestamptz "
                + "and w.window_start <= '%s'::timestamptz + interval '30 minutes'";
        // as if the run had scored the fleet only up to the sag's last window: open, its next windows waiting
        db.exec("update incident set status = 'open', resolved_at = null where id = '" + id + "'");
        db.exec(backlog.formatted(true, sag.get("lastWindow"), sag.get("lastWindow")));
        incidents.update(Series.nowAfter(END).plus(java.time.Duration.ofHours(3)));
        given().get("/api/v1/incidents/" + id).then().body("incident.status", equalTo("open"));
        db.exec(backlog.formatted(false, sag.get("lastWindow"), sag.get("lastWindow")));
        incidents.update(Series.nowAfter(END).plus(java.time.Duration.ofHours(3)));
        given().get("/api/v1/incidents/" + id).then().body("incident.status", equalTo("resolved"));
    }

    @Test
    void anIncidentThatGrowsIsPublishedAsUpdatedUnderAnIdOfItsVersion() {
        // feeder 2 sags in two waves, scored in two runs: three meters at SAG, the other three two windows later
        for (int f = 1; f <= 3; f++) {
            for (int m = 0; m < 6; m++) {
                Random r = new Random(f * 100L + m);
                int from = f == 2 ? (m < 3 ? SAG : SAG + 2) : Integer.MAX_VALUE;
                Readings.post("voltage", dims(f, m), 0, END, i -> (i >= from && i < from + 6 ? 200 : 230)
                        + r.nextDouble() - 0.5);
            }
        }
        run.run(Series.nowAfter(SAG + 1));
        String id = db.rows("select id::text as id from incident where scope = '{\"feeder\": \"f2\"}'::jsonb").stream()
                .map(r -> (String) r.get("id")).findFirst().orElseThrow(() -> new AssertionError("no sag incident"));
        assertEquals(3L, db.count("select series_count from incident where id = ?::uuid", id), "the first wave");

        run.run(Series.nowAfter(END));
        assertEquals(6L, db.count("select series_count from incident where id = ?::uuid", id), "the second joined");
        List<Map<String, Object>> events = db.rows("select id::text as event, payload->>'type' as type, "
                + "(payload->'data'->>'version')::int as version from alert_outbox where payload->>'subject' = ? "
                + "order by version", id);
        assertEquals(IncidentEvents.OPENED, events.get(0).get("type"));
        assertTrue(events.stream().anyMatch(e -> IncidentEvents.UPDATED.equals(e.get("type"))),
                "grown: an updated event " + events);
        for (Map<String, Object> e : events) {
            // a re-sent event keeps its id: it is derived from the incident and its version
            assertEquals(java.util.UUID.nameUUIDFromBytes((id + "|" + e.get("version"))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(), e.get("event"));
        }
        assertEquals(events.size(), events.stream().map(e -> e.get("version")).distinct().count(),
                "one event per version");
    }

    /**
     * A year of 200 daily series opened 1,204 incidents (bench/daily_walk.py); the list answers at most 500, so
     * without an offset the older ones could not be read at all.
     */
    @Test
    void theIncidentListIsReadPageByPageNewestFirst() {
        for (int day = 1; day <= 5; day++) {
            db.exec(("insert into incident (id, scope, status, first_window, last_window, peak_severity, series_count, "
                    + "anomaly_count, version) values ('%s', '{\"meter\": \"m%d\"}', 'resolved', "
                    + "'2026-01-0%dT00:00:00Z', '2026-01-0%dT00:00:00Z', 0.9, 1, 1, 1)")
                    .formatted(java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) day}), day, day, day));
        }
        List<String> pages = new java.util.ArrayList<>();
        for (int offset = 0; offset < 6; offset += 2) {
            pages.addAll(given().get("/api/v1/incidents?limit=2&offset=" + offset).then().statusCode(200)
                    .extract().jsonPath().getList("firstWindow", String.class));
        }
        assertEquals(List.of("2026-01-05T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-03T00:00:00Z",
                "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"), pages);
        given().get("/api/v1/incidents?offset=-1").then().statusCode(400).body("code", equalTo("InvalidParameter"))
                .body("field", equalTo("offset"));
    }
}
