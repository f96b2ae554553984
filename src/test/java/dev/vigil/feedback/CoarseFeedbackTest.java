package dev.vigil.feedback;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.detection.fixtures.DailyKpi;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feedback on a daily series (judged by {@code vigil-batch}): every reading lies at the same time of day, so a
 * notAnomaly matched by time of day would dismiss every later flag of its size for ever; a coarse series' pattern
 * matches the same weekday for 8 of its steps. A changePoint has nothing to re-base and is refused.
 */
@QuarkusTest
class CoarseFeedbackTest {

    @Inject
    Db db;
    @Inject
    DetectionRun run;

    @BeforeEach
    void clean() {
        db.reset();
    }

    private String id(String meter) {
        return given().queryParam("q", "meter=" + meter).get("/api/v1/series").then().extract().path("items[0].id");
    }

    /** Day {@code day} of the KPI, {@code extra} above its ordinary value, then the run that judges it. */
    private void day(double[] v, int day, double extra) {
        Series.daily("kpi", "k1", day, new double[] {v[day] + extra});
        run.run(Series.day(day).plus(Duration.ofMinutes(10)));
    }

    private String outcome(int day) {
        List<Map<String, Object>> rows = db.rows("select outcome from alert_decision where window_start = ?",
                java.sql.Timestamp.from(Series.day(day)));
        assertEquals(1, rows.size(), "day " + day + " was flagged and decided once: " + rows);
        return (String) rows.get(0).get("outcome");
    }

    @Test
    void notAnomalyOnADailyFlagDismissesTheSameWeekdayForEightDaysNotEveryLaterFlag() {
        given().contentType("application/json").body("{\"name\": \"every flag\", \"metric\": \"kpi\"}")
                .post("/api/v1/alert-rules").then().statusCode(201);
        double[] v = DailyKpi.values(70, 3); // day 0 is a Monday
        Series.daily("kpi", "k1", 0, java.util.Arrays.copyOf(v, 35));
        run.run(Series.day(34).plus(Duration.ofMinutes(10)));
        day(v, 35, 400); // a Monday at 1,400: a known promotion
        assertEquals("alerted", outcome(35));
        given().contentType("application/json").body("{\"seriesId\": \"%s\", \"windowStart\": \"%s\", \"kind\": "
                        .formatted(id("k1"), Series.day(35)) + "\"notAnomaly\"}")
                .post("/api/v1/feedback").then().statusCode(201);

        day(v, 36, 0);
        day(v, 37, 400); // a Wednesday of the same size: another day of the week
        for (int d = 38; d < 42; d++) {
            day(v, d, 0);
        }
        day(v, 42, 400); // the next Monday, the same promotion
        for (int d = 43; d < 63; d++) {
            day(v, d, 0);
        }
        day(v, 63, 400); // four weeks on: a real spike on a Monday, long after the dismissal's life
        assertEquals("alerted", outcome(37), "another weekday still alerts");
        assertEquals("feedback", outcome(42), "the same weekday within 8 days is dismissed");
        assertEquals("alerted", outcome(63), "the dismissal does not last for ever");
    }

    @Test
    void changePointOnADailySeriesIsRefusedNamingTheKind() {
        Series.daily("kpi", "k1", 0, DailyKpi.values(20, 3));
        run.run(Series.day(19).plus(Duration.ofMinutes(10)));
        Instant from = Series.day(15);
        given().contentType("application/json").body("{\"seriesId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", "
                        .formatted(id("k1"), from, Series.day(17)) + "\"kind\": \"changePoint\"}")
                .post("/api/v1/feedback").then().statusCode(422).body("code", equalTo("NotLearnable"))
                .body("field", equalTo("kind")).body("message", containsString("finds level changes itself"));
        assertEquals(0, db.count("select count(*) from feedback"), "nothing is stored");
    }
}
