package dev.vigil.bench.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.LastPointJudge;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.storage.PartitionStore;
import dev.vigil.storage.WindowHistory;
import dev.vigil.testing.Db;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A detection run over a fleet of daily series ({@code bench.series}, 10,000), each with {@code bench.days} (365) days
 * of scored windows (weekdays about 1,000, weekends 600, a deterministic noise of ±15) and one new day: every new
 * window is judged by the batch engine as the last point of its year. Prints the run's wall time and CPU, and apart
 * from it the history query of one chunk and the judge alone. A measurement for BENCHMARKS.md; it asserts only that
 * every new window was scored once, by {@code vigil-batch}.
 *
 * <pre>./mvnw -B test -Dtest=CoarseScaleTest -Dtest.excludedGroups= -Dbench.series=10000 -Dbench.days=365</pre>
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(DetectionScaleTest.BigRun.class)
class CoarseScaleTest {

    static final int SERIES = Integer.getInteger("bench.series", 10_000);
    static final int DAYS = Integer.getInteger("bench.days", 365);
    static final Instant HISTORY_START = Instant.parse("2025-06-02T00:00:00Z");
    static final Duration DAY = Duration.ofDays(1);

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    DetectionConfig config;
    @Inject
    dev.vigil.scheduling.DetectorChoice choice;
    @Inject
    PartitionStore partitions;
    @Inject
    WindowHistory history;

    private final List<String> out = new ArrayList<>();

    @Test
    void oneRunJudgesOneNewDayOfEveryDailySeries() throws IOException {
        DetectorKind kind = choice.kind();
        Instant next = HISTORY_START.plus(DAY.multipliedBy(DAYS));
        db.reset();
        ScaleSeed seed = new ScaleSeed(db, SERIES, DAY, false, false);
        long t0 = System.nanoTime();
        seed.partitions(partitions, HISTORY_START, next);
        seed.series();
        List<String> indexes = seed.dropIndexes();
        windows(HISTORY_START, next.minus(DAY), true);
        indexes.forEach(sql -> db.exec("set maintenance_work_mem = '1GB'; " + sql));
        seed.states(kind, next);
        db.exec("update series_state set step_seconds = 86400");
        windows(next, next, false);
        db.exec("vacuum analyze");
        db.exec("checkpoint");
        print("seeded %,d daily series x %d days (%,d window rows) in %.0f s", SERIES, DAYS,
                db.count("select count(*) from window_aggregate"), (System.nanoTime() - t0) / 1e9);

        Instant now = next.plus(Duration.ofMinutes(5)).plus(config.delay()).plusSeconds(1);
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = process.getProcessCpuTime();
        long w0 = System.nanoTime();
        DetectionRun.Report report = run.run(now);
        double wall = (System.nanoTime() - w0) / 1e9;
        print("run: %,d windows of %,d daily series in %.1f s = %,.0f windows/s; Vigil (test JVM) CPU %.1f s; "
                + "%d shards, chunks of %d; load average %s", report.windowsScored(), SERIES, wall,
                report.windowsScored() / wall, (process.getProcessCpuTime() - cpu0) / 1e9, report.shardsClaimed(),
                config.chunk(), Files.readString(Path.of("/proc/loadavg")).trim());
        print("flagged: %,d; by vigil-batch: %,d; warming up: %,d", db.count("select count(*) from anomaly_result "
                + "where is_anomaly"), db.count("select count(*) from anomaly_result where detector = ?",
                LastPointJudge.NAME), db.count("select count(*) from anomaly_result where warming_up"));
        apart(next);

        assertEquals(SERIES, report.windowsScored());
        assertEquals(SERIES, db.count("select count(*) from anomaly_result where detector = ?", LastPointJudge.NAME));
        Path file = Path.of("target", "benchmarks", "coarse-scale-%dx%dd.txt".formatted(SERIES, DAYS));
        Files.createDirectories(file.getParent());
        Files.write(file, out);
    }

    /** One chunk's history query (as many series as a chunk has windows) and the judge alone, per series. */
    private void apart(Instant next) {
        Map<Long, Instant> chunk = new HashMap<>();
        for (long s = 1; s <= Math.min(SERIES, config.chunk()); s++) {
            chunk.put(s, next);
        }
        long q0 = System.nanoTime();
        var read = QuarkusTransaction.requiringNew().call(() -> history.before(chunk, 365));
        double query = (System.nanoTime() - q0) / 1e9;
        print("history of one chunk: %,d series, %,d windows read in %.2f s", chunk.size(),
                read.values().stream().mapToInt(List::size).sum(), query);
        LastPointJudge judge = new LastPointJudge(config.sensitivity());
        var values = read.get(1L);
        long[] t = new long[values.size() + 1];
        double[] v = new double[values.size() + 1];
        for (int i = 0; i < values.size(); i++) {
            t[i] = values.get(i).start().getEpochSecond();
            v[i] = values.get(i).value();
        }
        t[values.size()] = next.getEpochSecond();
        v[values.size()] = v[values.size() - 7];
        int rounds = 500;
        long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            judge.judge(t, v, 86_400);
        }
        print("judge alone: %.2f ms CPU per series (%d points, %d rounds)",
                (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0) / 1e6 / rounds, t.length, rounds);
    }

    /**
     * Daily windows from {@code from} to {@code until} (inclusive) for every series, scored or pending: weekdays
     * 1,000 and weekends 600, plus a noise of ±15 from a hash of the series and the day.
     */
    private void windows(Instant from, Instant until, boolean scored) {
        String value = "case when extract(isodow from t) >= 6 then 600 else 1000 end"
                + " + (abs(hashint8(s * 100000 + extract(epoch from t)::bigint / 86400)) % 3001) / 100.0 - 15";
        db.exec("""
                insert into window_aggregate (series_id, window_start, count, sum, min, max, last_value, last_ts%s)
                select s, t, 1, v, v, v, v, t%s from generate_series(timestamptz '%s', timestamptz '%s',
                       interval '1 day') t, generate_series(1, %d) s, lateral (select %s as v) x"""
                .formatted(scored ? ", revision, scored_revision, pending" : "", scored ? ", 1, 1, false" : "",
                        from, until, SERIES, value));
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        out.add(line);
        System.out.println(line);
    }
}
