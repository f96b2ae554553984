package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs racing for the same windows: claims split the work, nothing is scored twice, dead claims are finished. */
@QuarkusTest
class ConcurrentRunTest {

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

    @Test
    void concurrentRunsOfTheSameWindowDoTheWorkOnce() throws Exception {
        for (int s = 0; s < 20; s++) {
            Series.steady("load", "c" + s, 50, s);
        }
        Instant now = Series.nowAfter(50).plusSeconds(600);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<DetectionRun.Report>> reports = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reports.add(pool.submit((Callable<DetectionRun.Report>) () -> run.run(now)));
        }
        int shards = 0;
        int windows = 0;
        for (Future<DetectionRun.Report> f : reports) {
            shards += f.get().shardsClaimed();
            windows += f.get().windowsScored();
        }
        pool.shutdown();
        assertEquals(config.shards(), shards, "each shard of the run is claimed by exactly one caller");
        assertEquals(20 * 50, windows);
        assertEquals(20 * 50, db.count("select count(*) from anomaly_result"));
        assertEquals(config.shards(), db.count("select count(*) from detection_claim where completed_at is not null"));
    }

    @Test
    void aSecondRequestedRunInTheSameIntervalScoresWhatArrivedSince() throws Exception {
        Series.steady("load", "first", 30, 1);
        Instant now = Series.nowAfter(30).plusSeconds(600);
        assertEquals(30, run.runRequested(now).windowsScored());
        // readings of another series arrive before the next window closes: same cutoff as the run above
        Series.steady("load", "second", 30, 2);
        assertEquals(0, run.run(now).windowsScored(), "a scheduled run leaves a cutoff that any replica ran alone");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<DetectionRun.Report>> reports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reports.add(pool.submit((Callable<DetectionRun.Report>) () -> run.runRequested(now)));
        }
        int windows = 0;
        for (Future<DetectionRun.Report> f : reports) {
            windows += f.get().windowsScored();
        }
        pool.shutdown();
        assertEquals(30, windows, "requested runs take the finished shards again and score the new windows once");
        assertEquals(60, db.count("select count(*) from anomaly_result"));
        assertEquals(0, db.count("select count(*) from detection_claim where completed_at is null"));
    }

    @Test
    void anExpiredClaimIsTakenOverAndFinished() {
        Series.steady("load", "dead", 40, 3);
        Instant now = Series.nowAfter(40).plusSeconds(600);
        // a replica claimed every shard of an earlier run and died before finishing
        db.exec("insert into detection_claim (run_cutoff, shard, claimed_by, lease_until) "
                + "select '" + Series.windowStart(40) + "', g, 'dead-replica', now() - interval '1 minute' "
                + "from generate_series(0, " + (config.shards() - 1) + ") g");
        DetectionRun.Report report = run.run(now);
        assertEquals(2 * config.shards(), report.shardsClaimed());
        assertEquals(40, report.windowsScored());
        assertEquals(0, db.count("select count(*) from detection_claim where completed_at is null"));
    }
}
