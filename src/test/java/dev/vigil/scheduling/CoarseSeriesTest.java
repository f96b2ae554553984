package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.detection.fixtures.DailyKpi;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Daily series are judged by the batch engine ({@code vigil-batch}) within weeks: the streaming detector would wait
 * 288 of their windows (288 days) before judging any.
 */
@QuarkusTest
class CoarseSeriesTest {

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void aSpikeOnTheLastDayOfFiveWeeksIsFlaggedByTheBatchEngine() {
        double[] v = DailyKpi.values(36, 3);
        Series.daily("kpi", "k1", 0, java.util.Arrays.copyOf(v, 35));
        assertEquals(35, run.run(after(34)).windowsScored());
        Series.daily("kpi", "k1", 35, new double[]{v[35] + 400}); // a Monday at 1,400 instead of 1,000
        assertEquals(1, run.run(after(35)).windowsScored());

        Map<String, Object> last = result(35);
        assertEquals("vigil-batch", last.get("detector"));
        assertEquals(3, last.get("detector_version"));
        assertTrue((Boolean) last.get("is_anomaly"), last.toString());
        assertEquals("value", last.get("reason"));
        assertEquals(1000, (Double) last.get("expected"), 60);
        assertEquals(0, db.count("select count(*) from anomaly_result where detector <> 'vigil-batch'"));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->'data'->>'windowStart' = ?",
                Series.day(35).toString()), "the flag alerts as any other");
        // the streaming detector's state learned the daily windows too, and knows their step
        Map<String, Object> state = db.rows("select detector, last_window, step_seconds from series_state").get(0);
        assertEquals("vigil-likelihood", state.get("detector"));
        assertEquals(Timestamp.from(Series.day(35)), state.get("last_window"));
        assertEquals(86_400, state.get("step_seconds"));
    }

    @Test
    void anOrdinaryLastDayIsNotFlagged() {
        Series.daily("kpi", "k1", 0, DailyKpi.values(36, 3));
        assertEquals(36, run.run(after(35)).windowsScored());
        Map<String, Object> last = result(35);
        assertEquals("vigil-batch", last.get("detector"));
        assertFalse((Boolean) last.get("is_anomaly"), last.toString());
        assertFalse((Boolean) last.get("warming_up"));
        assertEquals(27, db.count("select count(*) from anomaly_result where warming_up"), "judged from day 28");
    }

    @Test
    void aDailySeriesWithFewerThanFourWeeksOfWindowsWarmsUp() {
        // four weekly cycles: from 12 days (the API's minimum) the engine found no weekly cycle and flagged weekends
        Series.daily("kpi", "k1", 0, DailyKpi.values(27, 5));
        assertEquals(27, run.run(after(26)).windowsScored());
        assertEquals(27, db.count("select count(*) from anomaly_result where warming_up and detector = 'vigil-batch'"));
        Series.daily("kpi", "k1", 27, new double[]{5000});
        run.run(after(27));
        assertTrue((Boolean) result(27).get("is_anomaly"), "the 28th window is judged: " + result(27));
    }

    @Test
    void aNewDailySeriesIsJudgedAgainstItsWeeklyCycleFromItsFirstJudgedDay() {
        Series.daily("kpi", "k1", 0, DailyKpi.values(57, 3));
        assertEquals(57, run.run(after(56)).windowsScored());
        assertEquals(27, db.count("select count(*) from anomaly_result where warming_up"));
        List<Map<String, Object>> weekends = db.rows("select window_start, is_anomaly, expected from anomaly_result"
                + " where not warming_up and extract(isodow from window_start) >= 6 order by window_start");
        assertEquals(9, weekends.size(), "the first 30 judged days (27 to 56) hold 9 weekend days");
        for (Map<String, Object> w : weekends) {
            assertFalse((Boolean) w.get("is_anomaly"), w.toString());
            assertEquals(600, (Double) w.get("expected"), 60, w.toString());
        }
    }

    @Test
    void aLevelShiftIsOneChangePointAndTheNewLevelIsLearnedWithinDays() {
        double[] v = DailyKpi.values(300, 3);
        for (int i = 200; i < 300; i++) {
            v[i] *= 1.3; // revenue up 30 % from day 200 on, a Friday
        }
        v[240] += 500;
        Series.daily("revenue", "r1", 0, v);
        assertEquals(300, run.run(after(299)).windowsScored());

        long before = db.count("select count(*) from anomaly_result where is_anomaly and window_start >= ?"
                + " and window_start < ?", Timestamp.from(Series.day(140)), Timestamp.from(Series.day(200)));
        long after = db.count("select count(*) from anomaly_result where is_anomaly and window_start >= ?"
                + " and window_start < ? and window_start <> ?", Timestamp.from(Series.day(200)),
                Timestamp.from(Series.day(260)), Timestamp.from(Series.day(240)));
        assertTrue(after - before <= 5, after + " of the 60 days after the shift flagged, " + before + " before");
        assertTrue((Boolean) result(240).get("is_anomaly"), "a spike 40 days on: " + result(240));
        assertEquals(1300, (Double) result(240).get("expected"), 60);

        String id = io.restassured.RestAssured.given().queryParam("q", "meter=r1").get("/api/v1/series").then()
                .statusCode(200).extract().path("items[0].id");
        List<Map<String, Object>> points = io.restassured.RestAssured.given()
                .get("/api/v1/series/" + id + "/change-points?from=" + Series.day(180) + "&to=" + Series.day(270))
                .then().statusCode(200).extract().path("$");
        assertEquals(1, points.size(), points.toString());
        Map<String, Object> point = points.get(0);
        assertEquals("level", point.get("kind"));
        assertEquals("vigil-batch", point.get("detector"));
        assertEquals("up", point.get("direction"));
        Instant at = Instant.parse((String) point.get("at"));
        assertTrue(!at.isBefore(Series.day(200)) && !at.isAfter(Series.day(205)), point.toString());
    }

    @Test
    void aSeriesThatTurnsFineGoesBackToTheStreamingDetectorWithoutWarmingUp() {
        Series.daily("flow", "m1", 0, DailyKpi.values(300, 7));
        run.run(after(299));
        assertEquals(300, db.count("select count(*) from anomaly_result where detector = 'vigil-batch'"));
        // from day 300 on, one reading every 5 minutes
        Random random = new Random(1);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            b.append(i == 0 ? "" : ",").append("{\"metric\":\"flow\",\"dimensions\":{\"meter\":\"m1\"},\"timestamp\":\"")
                    .append(Series.day(300).plus(Duration.ofMinutes(5L * i)).plusSeconds(30)).append("\",\"value\":")
                    .append(1000 + 15 * random.nextGaussian()).append('}');
        }
        io.restassured.RestAssured.given().contentType("application/json").body(b.append(']').toString())
                .post("/readings").then().statusCode(200);
        assertEquals(100, run.run(Series.day(300).plus(Duration.ofMinutes(510))).windowsScored());
        List<Map<String, Object>> fine = db.rows("select detector, warming_up from anomaly_result"
                + " where window_start >= ?", Timestamp.from(Series.day(300)));
        assertEquals(100, fine.size());
        assertTrue(fine.stream().allMatch(r -> "vigil-likelihood".equals(r.get("detector"))), fine.toString());
        assertTrue(fine.stream().noneMatch(r -> (Boolean) r.get("warming_up")),
                "the streaming state learned the 300 daily windows: no blind spell");
        assertEquals(300, db.rows("select step_seconds from series_state").get(0).get("step_seconds"));
    }

    @Test
    void aLateRevisionOfADailyWindowIsReJudgedNotReLearned() {
        Series.daily("kpi", "k1", 0, DailyKpi.values(36, 3));
        run.run(after(35));
        Map<String, Object> before = result(30);
        assertFalse((Boolean) before.get("is_anomaly"));
        byte[] state = (byte[]) db.rows("select state from series_state").get(0).get("state");

        Series.daily("kpi", "k1", 30, new double[]{9000}); // a late reading: the day's mean becomes about 5,000
        assertEquals(1, run.run(after(35).plus(Duration.ofHours(1))).windowsScored());
        Map<String, Object> after = result(30);
        assertEquals("vigil-batch", after.get("detector"));
        assertTrue((Boolean) after.get("is_anomaly"), after.toString());
        // judged against its earlier band, which stays
        assertEquals((Double) before.get("expected"), (Double) after.get("expected"), 1e-9);
        assertEquals((Double) before.get("upper_bound"), (Double) after.get("upper_bound"), 1e-9);
        assertEquals(36, db.count("select count(*) from anomaly_result"), "one row a window, no second engine's");
        Map<String, Object> s = db.rows("select state, last_window from series_state").get(0);
        assertEquals(Timestamp.from(Series.day(35)), s.get("last_window"));
        assertTrue(java.util.Arrays.equals(state, (byte[]) s.get("state")), "the detector did not learn it again");
    }

    @Test
    void aDailyReadingThatDriftsIntoTheWindowBeforeIsStillJudgedByTheBatchEngine() {
        Series.daily("kpi", "k1", 0, DailyKpi.values(35, 3));
        run.run(after(34));
        // day 35's job ran four minutes early: its reading lands in the window before, a gap of 23 h 55 min
        io.restassured.RestAssured.given().contentType("application/json")
                .body("[{\"metric\":\"kpi\",\"dimensions\":{\"meter\":\"k1\"},\"timestamp\":\""
                        + Series.day(35).minusSeconds(210) + "\",\"value\":1400}]")
                .post("/readings").then().statusCode(200);
        assertEquals(1, run.run(after(35)).windowsScored());
        Map<String, Object> drifted = db.rows("select detector, is_anomaly, warming_up from anomaly_result"
                + " where window_start = ?", Timestamp.from(Series.day(35).minusSeconds(300))).get(0);
        assertEquals("vigil-batch", drifted.get("detector"), "not left to the streaming detector's warm-up");
        assertFalse((Boolean) drifted.get("warming_up"));
        assertTrue((Boolean) drifted.get("is_anomaly"), drifted.toString());
    }

    @Test
    void aBackfillOfDailyWindowsThenFiveMinuteOnesIsJudgedByEachEngineOnItsOwnPart() {
        double[] v = DailyKpi.values(36, 3);
        v[35] += 400; // a Monday at 1,400 instead of 1,000
        Series.daily("kpi", "k1", 0, v);
        // from day 36 on, one reading every 5 minutes, sent before any run: one run sees both parts
        StringBuilder b = new StringBuilder("[");
        Random random = new Random(2);
        for (int i = 0; i < 24; i++) {
            b.append(i == 0 ? "" : ",").append("{\"metric\":\"kpi\",\"dimensions\":{\"meter\":\"k1\"},\"timestamp\":\"")
                    .append(Series.day(36).plus(Duration.ofMinutes(5L * i)).plusSeconds(30)).append("\",\"value\":")
                    .append(1000 + 15 * random.nextGaussian()).append('}');
        }
        io.restassured.RestAssured.given().contentType("application/json").body(b.append(']').toString())
                .post("/readings").then().statusCode(200);
        assertEquals(60, run.run(Series.day(36).plus(Duration.ofMinutes(130))).windowsScored());

        assertEquals(36, db.count("select count(*) from anomaly_result where detector = 'vigil-batch'"),
                "every daily window by the batch engine, not the streaming detector's warm-up");
        Map<String, Object> spike = result(35);
        assertTrue((Boolean) spike.get("is_anomaly"), spike.toString());
        assertEquals(24, db.count("select count(*) from anomaly_result where detector = 'vigil-likelihood'"
                + " and window_start >= ?", Timestamp.from(Series.day(36))));
        assertEquals(300, db.rows("select step_seconds from series_state").get(0).get("step_seconds"));
    }

    /** A detection clock that sees day {@code day}'s window closed and past the late-data delay. */
    private static Instant after(int day) {
        return Series.day(day).plus(Duration.ofMinutes(10));
    }

    private Map<String, Object> result(int day) {
        return db.rows("select detector, detector_version, is_anomaly, warming_up, reason, expected, upper_bound"
                + " from anomaly_result where window_start = ?", Timestamp.from(Series.day(day))).get(0);
    }
}
