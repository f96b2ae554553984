package dev.vigil.scheduling;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.aggregation.SeriesKey;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One series can never stop detection for the others: a window that would overflow is refused at the door, and a
 * series whose stored window, state or rows fail is quarantined while its shard completes; it is retried later.
 */
@QuarkusTest
class DetectionIsolationTest {

    private static final int WINDOWS = 40;

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    DetectionConfig config;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @AfterEach
    void dropFault() {
        db.exec("drop trigger if exists fail_results on anomaly_result");
    }

    /** The replay that once jammed two shards for good: two readings of 1e308 in one window. */
    @Test
    void overflowingReadingsAreRefusedAndEveryShardCompletes() {
        String twice = "[{\"metric\":\"big\",\"timestamp\":\"2026-10-01T00:00:10Z\",\"value\":1e308},"
                + "{\"metric\":\"big\",\"timestamp\":\"2026-10-01T00:00:20Z\",\"value\":1e308}]";
        given().contentType("application/json").body(twice).post("/readings")
                .then().statusCode(400).body("code", equalTo("ValueOutOfRange")).body("field", equalTo("[0].value"));
        // the largest accepted values cannot overflow a window either
        String largest = "[" + "{\"metric\":\"big\",\"timestamp\":\"2026-10-01T00:00:10Z\",\"value\":1e100},".repeat(9_999)
                + "{\"metric\":\"big\",\"timestamp\":\"2026-10-01T00:00:10Z\",\"value\":-1e100}]";
        given().contentType("application/json").body(largest).post("/readings").then().statusCode(200);
        Series.steady("flow", "a", WINDOWS, 1);
        DetectionRun.Report report = run.run(Series.nowAfter(WINDOWS));
        assertEquals(0, report.shardsFailed());
        assertEquals(0, report.seriesQuarantined());
        assertEquals(WINDOWS + 1, report.windowsScored());
        assertEquals(config.shards(), db.count("select count(*) from detection_claim where completed_at is not null"));
    }

    @Test
    void aSeriesWhoseWindowBreaksTheDetectorIsQuarantinedAndTheShardCompletes() {
        String[] peers = sameShard(3);
        for (String meter : peers) {
            Series.steady("flow", meter, WINDOWS, meter.hashCode());
        }
        long bad = seriesId(peers[0]);
        // a window stored before values were bounded: its mean is infinite, and the detector refuses it
        db.exec("update window_aggregate set sum = 'Infinity' where series_id = " + bad
                + " and window_start = '" + Series.windowStart(10) + "'");

        DetectionRun.Report report = run.run(Series.nowAfter(WINDOWS));
        assertEquals(0, report.shardsFailed());
        assertEquals(1, report.seriesQuarantined());
        assertEquals(2 * WINDOWS, report.windowsScored(), "the peers in the same shard are scored in full");
        assertEquals(config.shards(), db.count("select count(*) from detection_claim where completed_at is not null"));
        assertEquals(0, db.count("select count(*) from anomaly_result where series_id = ?", bad));

        given().get("/api/v1/quarantine").then().statusCode(200).body("$", hasSize(1))
                .body("[0].seriesId", equalTo(Long.toString(bad))).body("[0].failures", equalTo(1))
                .body("[0].error", containsString("finite"));
        given().get("/api/v1/overview").then().statusCode(200).body("quarantinedSeries", equalTo(1))
                .body("detectionBacklog.pendingWindows", equalTo(WINDOWS));
        given().get("/api/v1/runs").then().statusCode(200).body("[0].seriesQuarantined", equalTo(1));

        // waiting out its back-off, it is not tried again; a fixed series is retried on request and released
        DetectionRun.Report waiting = run.run(Series.nowAfter(WINDOWS).plusSeconds(900));
        assertEquals(0, waiting.windowsScored());
        db.exec("update window_aggregate set sum = 10 where series_id = " + bad);
        given().post("/api/v1/quarantine/" + bad + "/retry").then().statusCode(200);
        DetectionRun.Report retried = run.run(Series.nowAfter(WINDOWS).plusSeconds(1800));
        assertEquals(WINDOWS, retried.windowsScored());
        assertEquals(0, db.count("select count(*) from series_quarantine"));
    }

    @Test
    void aCorruptSnapshotQuarantinesItsSeriesOnly() {
        String[] peers = sameShard(2);
        for (String meter : peers) {
            Series.steady("flow", meter, WINDOWS, 3);
        }
        run.run(Series.nowAfter(WINDOWS));
        long bad = seriesId(peers[0]);
        db.exec("update series_state set state = '\\xdeadbeef'::bytea where series_id = " + bad);
        for (String meter : peers) {
            Series.at("flow", meter, WINDOWS, 10);
        }
        DetectionRun.Report report = run.run(Series.nowAfter(WINDOWS + 1));
        assertEquals(0, report.shardsFailed());
        assertEquals(1, report.seriesQuarantined());
        assertEquals(1, report.windowsScored());
        Map<String, Object> q = db.rows("select series_id, failures from series_quarantine").get(0);
        assertEquals(bad, q.get("series_id"));
    }

    /** A chunk whose rows the database refuses is narrowed to the series responsible; the rest commit. */
    @Test
    void aSeriesWhoseRowsCannotBeStoredIsFoundAndQuarantined() {
        String[] peers = sameShard(4);
        for (String meter : peers) {
            Series.steady("flow", meter, WINDOWS, 5);
        }
        long bad = seriesId(peers[2]);
        db.exec("create or replace function fail_results() returns trigger language plpgsql as $$ begin "
                + "if new.series_id = " + bad + " then raise exception 'refused by the test'; end if; "
                + "return new; end $$");
        db.exec("create trigger fail_results before insert on anomaly_result for each row execute function fail_results()");

        DetectionRun.Report report = run.run(Series.nowAfter(WINDOWS));
        assertEquals(0, report.shardsFailed());
        assertEquals(1, report.seriesQuarantined());
        assertEquals(3 * WINDOWS, report.windowsScored());
        assertEquals(1, db.count("select count(*) from series_quarantine where series_id = ? and error like '%refused by the test%'", bad));
        assertEquals(0, db.count("select count(*) from window_aggregate where series_id = ? and scored_revision is not null", bad));
        assertTrue(db.count("select count(*) from detection_claim where completed_at is null") == 0);
    }

    /**
     * A fault that is not the series' (a serialization failure, as PostgreSQL under load gives) ends the shard, and
     * repeats on every try: the run records it once and ends, the other shards complete, and the next run takes the
     * shard over. The run used to take its own failed claim back at once and loop for as long as the fault lasted.
     */
    @Test
    void aShardThatKeepsFailingEndsTheRunAndTheNextRunTakesItOver() {
        String[] peers = sameShard(2);
        for (String meter : peers) {
            Series.steady("flow", meter, WINDOWS, 5);
        }
        Series.steady("flow", otherShard(peers[0]), WINDOWS, 5);
        db.exec("create or replace function fail_results() returns trigger language plpgsql as $$ begin "
                + "if abs(new.series_id % " + config.shards() + ") = " + shardOf(peers[0]) + " then "
                + "raise exception 'serialization failure' using errcode = '40001'; end if; return new; end $$");
        db.exec("create trigger fail_results before insert on anomaly_result for each row execute function "
                + "fail_results()");

        DetectionRun.Report first = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> run.run(Series.nowAfter(WINDOWS)));
        assertEquals(1, first.shardsFailed());
        assertEquals(config.shards(), first.shardsClaimed(), "each shard claimed once, the failed one too");
        assertEquals(WINDOWS, first.windowsScored(), "the other shard's series is scored");
        assertEquals(1, db.count("select count(*) from detection_claim where completed_at is null and failure like "
                + "'%serialization failure%'"));

        db.exec("drop trigger fail_results on anomaly_result");
        DetectionRun.Report next = run.run(Series.nowAfter(WINDOWS + 1));
        assertEquals(0, next.shardsFailed());
        assertEquals(0, db.count("select count(*) from detection_claim where completed_at is null"));
        assertEquals(0, db.count("select count(*) from window_aggregate where pending and window_start < ?",
                java.sql.Timestamp.from(Series.windowStart(WINDOWS))), "the failed shard's windows are scored now");
    }

    private String otherShard(String meter) {
        for (int i = 0; ; i++) {
            if (shardOf("o" + i) != shardOf(meter)) {
                return "o" + i;
            }
        }
    }

    /** {@code count} meters whose series fall in one shard, so that they share chunks. */
    private String[] sameShard(int count) {
        String[] out = new String[count];
        int shard = shardOf("m0");
        int found = 0;
        for (int i = 0; found < count; i++) {
            if (shardOf("m" + i) == shard) {
                out[found++] = "m" + i;
            }
        }
        return out;
    }

    private int shardOf(String meter) {
        return (int) Math.abs(seriesId(meter) % config.shards());
    }

    private static long seriesId(String meter) {
        return SeriesKey.of("flow", Map.of("meter", meter)).id();
    }
}
