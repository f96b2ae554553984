package dev.vigil.bench.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.aggregation.Windows;
import dev.vigil.alerting.RuleCoverage;
import dev.vigil.alerting.RulePreview;
import dev.vigil.alerting.SilenceRun;
import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.PartitionStore;
import dev.vigil.storage.ScoringStore;
import dev.vigil.testing.Db;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Detection at fleet scale (issue 14): seeds {@code bench.series} series (100,000) with {@code bench.days} days of
 * scored windows, results and one detector state each, adds {@code bench.new} (3) windows per series, then times one
 * detection run over them, PostgreSQL included. Prints where the time goes (the run thread's CPU, PostgreSQL's CPU,
 * the detector alone), the pending-window plan of every shard ({@code EXPLAIN (ANALYZE, BUFFERS)}) and the update
 * statistics (HOT or not). A measurement for BENCHMARKS.md, not a pass/fail test: it asserts only that every new
 * window was scored once. Output also in {@code target/benchmarks/detection-scale-<series>x<days>d.txt}.
 *
 * <pre>./mvnw -B test -Dtest=DetectionScaleTest -Dtest.excludedGroups= -Dbench.series=100000 -Dbench.days=1</pre>
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(DetectionScaleTest.BigRun.class)
class DetectionScaleTest {

    static final int SERIES = Integer.getInteger("bench.series", 100_000);
    static final int DAYS = Integer.getInteger("bench.days", 1);
    static final int NEW = Integer.getInteger("bench.new", 3);
    /** Whether the history's results are seeded too ({@code bench.results}, default true). */
    static final boolean RESULTS = Boolean.parseBoolean(System.getProperty("bench.results", "true"));
    /** Every new window an anomaly (states trained on the noiseless curve): times the alert path of a fleet-wide event. */
    static final boolean STORM = Boolean.getBoolean("bench.storm");
    /**
     * Whether every stored state is of another detector version ({@code bench.upgrade}): the run then rebuilds each
     * series' detector from up to a week of its stored windows before judging the new ones, as after an upgrade.
     */
    static final boolean UPGRADE = Boolean.getBoolean("bench.upgrade");
    /**
     * Whether no stored state knows its open event ({@code bench.events-unknown}), as in the first run after an
     * upgrade from a version that did not follow events (before V90): each chunk then looks for flags to replay.
     */
    static final boolean EVENTS_UNKNOWN = Boolean.getBoolean("bench.events-unknown");
    /**
     * Whether a rule sets limits for every series ({@code bench.limits}; bounds no window breaks): the run then
     * matches each series against the rules and checks each window against its limits.
     */
    static final boolean LIMITS = Boolean.getBoolean("bench.limits");
    /**
     * Whether a rule sets a change condition for every series ({@code bench.change}; a percentage no window breaks):
     * each chunk then also reads every window's earlier value, one indexed lookup per window. With {@code
     * bench.change-ago} (an ISO-8601 duration, e.g. P1D) the change is measured against the window that long before.
     */
    static final boolean CHANGE = Boolean.getBoolean("bench.change");
    static final String CHANGE_AGO = System.getProperty("bench.change-ago");
    static final Instant HISTORY_START = Instant.parse("2026-09-01T00:00:00Z");

    /** A budget above the run's work, and the window size asked for ({@code bench.window}, default 5 minutes). */
    public static class BigRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.detection.max-windows-per-run", "10000000",
                    "vigil.aggregation.window", System.getProperty("bench.window", "PT5M"));
        }
    }

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    DetectionConfig config;
    @Inject
    AggregationConfig windows;
    @Inject
    dev.vigil.scheduling.DetectorChoice choice;
    @Inject
    PartitionStore partitions;
    @Inject
    RulePreview preview;
    @Inject
    RuleCoverage coverage;
    @Inject
    SilenceRun silence;

    private final List<String> out = new ArrayList<>();

    @Test
    void oneRunScoresThreeNewWindowsOfEverySeries() throws IOException {
        Duration step = windows.window();
        DetectorKind kind = choice.kind();
        Instant next = HISTORY_START.plus(Duration.ofDays(DAYS));
        db.reset();
        ScaleSeed seed = new ScaleSeed(db, SERIES, step, RESULTS, STORM);
        long t0 = System.nanoTime();
        seed.partitions(partitions, HISTORY_START, next);
        seed.series();
        List<String> indexes = seed.dropIndexes();
        seed.history(HISTORY_START, next, kind);
        seed.states(kind, next);
        seed.newWindows(next, NEW);
        if (UPGRADE) {
            db.exec("update series_state set version = version + 100");
        }
        if (EVENTS_UNKNOWN) {
            db.exec("update series_state set event_as_of = null");
        }
        if (LIMITS) {
            io.restassured.RestAssured.given().contentType("application/json")
                    .body("{\"name\": \"bench limits\", \"metric\": \"bench\", \"limits\": {\"lower\": -1000, "
                            + "\"upper\": 1000}}").post("/api/v1/alert-rules").then().statusCode(201);
        }
        if (CHANGE) {
            io.restassured.RestAssured.given().contentType("application/json")
                    .body("{\"name\": \"bench change\", \"metric\": \"bench\", \"change\": {\"percent\": 1000000"
                            + (CHANGE_AGO == null ? "" : ", \"ago\": \"" + CHANGE_AGO + "\"") + "}}")
                    .post("/api/v1/alert-rules").then().statusCode(201);
        }
        indexes.forEach(sql -> db.exec("set maintenance_work_mem = '1GB'; " + sql));
        db.exec("vacuum analyze");
        db.exec("checkpoint");
        print("seeded %,d series x %d days of %s windows (%,d window rows, %,d results, %d weekly partitions each) "
                + "in %.0f s", SERIES, DAYS,
                step, db.count("select count(*) from window_aggregate"), db.count("select count(*) from anomaly_result"),
                partitions.partitions("window_aggregate").size(), (System.nanoTime() - t0) / 1e9);
        print("table sizes: window_aggregate %s, anomaly_result %s, series_state %s", size("window_aggregate"),
                size("anomaly_result"), size("series_state"));

        Instant now = next.plus(step.multipliedBy(NEW)).plus(config.delay()).plusSeconds(1);
        Instant cutoff = Windows.closedUntil(now, step, config.delay());
        explainEveryShard(cutoff.minus(step));

        Map<String, long[]> before = updates();
        double pgBefore = postgresCpuSeconds();
        // the whole JVM's CPU: the run scores shards on several threads (vigil.detection.parallel-shards)
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = process.getProcessCpuTime();
        long w0 = System.nanoTime();
        DetectionRun.Report report = run.run(now);
        double wall = (System.nanoTime() - w0) / 1e9;
        double runCpu = (process.getProcessCpuTime() - cpu0) / 1e9;
        double pgCpu = postgresCpuSeconds() - pgBefore;
        print("run: %,d windows of %,d series in %.1f s = %,.0f windows/s (%,.0f per core-second on 2 cores); "
                + "%d shards, load average %s", report.windowsScored(), SERIES, wall, report.windowsScored() / wall,
                report.windowsScored() / wall / 2, report.shardsClaimed(), loadAverage());
        print("where the time goes: Vigil (test JVM) CPU %.1f s (detector + JDBC), PostgreSQL CPU %.1f s (all its "
                + "processes), detector alone %.1f s (restore + %d observe + snapshot per series, measured apart)",
                runCpu, pgCpu, detectorAlone(kind, step, next), NEW);
        // a normal run flags few windows; if most were flagged, the run timed the alert path instead
        print("flagged: %,d of the run's windows", db.count("select count(*) from anomaly_result where is_anomaly "
                + "and window_start >= ?", Timestamp.from(next)));
        if (STORM) {
            // an operator asking what the default rule would have sent during the storm
            long p0 = System.nanoTime();
            RulePreview.Preview p = QuarkusTransaction.requiringNew()
                    .call(() -> preview.preview(coverage.defaultRule(), next, cutoff, step));
            print("rule preview (the default rule over the run's windows): %,d flagged, %,d alerts, %s in %.1f s",
                    p.flagged(), p.alerts(), p.outcomes(), (System.nanoTime() - p0) / 1e9);
            print("the run's stored decisions: %s%s", db.rows("select outcome, count(*) as n from alert_decision "
                    + "group by outcome order by outcome"), p.truncated() ? ", the preview cut at " + p.to() : "");
        }
        if (CHANGE) {
            // an operator trying a change condition on the fleet: the preview reads every window of the period
            for (Duration back : List.of(Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(1))) {
                AlertRule tried = new AlertRule(0, "try", "bench", null, Map.of(), 0, "both", 1, Duration.ZERO, 100,
                        List.of(), true, 0, 0, null, null, new AlertRule.Change(50, 1), false);
                long p0 = System.nanoTime();
                try {
                    RulePreview.Preview p = QuarkusTransaction.requiringNew()
                            .call(() -> preview.preview(tried, cutoff.minus(back), cutoff, step));
                    print("rule preview (a change of 50 %% over the last %s, every series): %,d flagged in %.1f s",
                            back, p.flagged(), (System.nanoTime() - p0) / 1e9);
                } catch (RejectedInput e) {
                    print("rule preview (a change of 50 %% over the last %s, every series): refused in %.1f s: %s",
                            back, (System.nanoTime() - p0) / 1e9, e.getMessage());
                }
            }
        }
        print("warming up: %,d of the run's windows (an upgrade must not leave series unjudged)",
                db.count("select count(*) from anomaly_result where warming_up and window_start >= ?",
                        Timestamp.from(next)));
                updates().forEach((table, after) -> print("%s: %,d updates, %,d HOT (%.0f%%)", table,
                after[0] - before.get(table)[0], after[1] - before.get(table)[1],
                100.0 * (after[1] - before.get(table)[1]) / Math.max(1, after[0] - before.get(table)[0])));

        assertEquals((long) SERIES * NEW, report.windowsScored());
        assertEquals(0, db.count("select count(*) from window_aggregate where scored_revision is null"));
        silencePasses(seed, cutoff);
        Path file = Path.of("target", "benchmarks", "detection-scale-%dx%dd.txt".formatted(SERIES, DAYS));
        Files.createDirectories(file.getParent());
        Files.write(file, out);
    }

    /**
     * The silence pass after the run: again at the run's cutoff (every series reported: the cost every run pays),
     * then two hours on with no data (the whole fleet falls silent at once), then once more with every episode open,
     * then with every series back (one window each, scored as a run would leave it): every episode ends at once.
     */
    private void silencePasses(ScaleSeed seed, Instant cutoff) {
        String[] what = {"at the run's cutoff, every series reporting", "two hours on, the whole fleet silent",
            "15 minutes later, every episode open", "15 minutes later, every series back"};
        Instant[] at = {cutoff, cutoff.plus(Duration.ofHours(2)), cutoff.plus(Duration.ofMinutes(135)),
            cutoff.plus(Duration.ofMinutes(150))};
        for (int i = 0; i < at.length; i++) {
            if (i == 3) {
                Instant back = at[2];
                seed.newWindows(back, 1);
                db.exec("update series_state set last_window = '%s'".formatted(back));
            }
            long t0 = System.nanoTime();
            SilenceRun.Pass p = silence.pass(at[i]);
            print("silence pass %s: %,d opened (%,d reported alone, %d scopes), %,d ended in %.2f s", what[i],
                    p.opened(), p.reported(), p.scopes(), p.ended(), (System.nanoTime() - t0) / 1e9);
        }
        print("silence: %,d open episodes, %,d ended, %,d events in the outbox", db.count("select count(*) from "
                + "series_silence where ended_at is null"), db.count("select count(*) from series_silence where "
                + "ended_at is not null"), db.count("select count(*) from alert_outbox where payload->>'type' like "
                + "'dev.vigil.silence.%'"));
    }

    private void explainEveryShard(Instant lastStart) {
        for (int shard = 0; shard < config.shards(); shard++) {
            print("-- EXPLAIN (ANALYZE, BUFFERS) pending windows of shard %d:", shard);
            db.rows("explain (analyze, buffers) " + ScoringStore.planSql(config.shards()), shard,
                    Timestamp.from(lastStart), config.maxWindowsPerRun() / config.shards())
                    .forEach(r -> print("   %s", r.values().iterator().next()));
        }
    }

    /** CPU seconds of the detector alone for the run's work: per series, restore, observe the new windows, snapshot. */
    private static double detectorAlone(DetectorKind kind, Duration step, Instant next) {
        byte[] state = ScaleSeed.trained(kind, step, next, STORM).snapshot();
        long t0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (int s = 0; s < SERIES; s++) {
            StreamingDetector d = kind.restore(state);
            for (int i = 0; i < NEW; i++) {
                Instant t = next.plus(step.multipliedBy(i));
                d.observe(t.getEpochSecond(), ScaleSeed.curve(t) + 0.01 * (s % 7));
            }
            d.snapshot();
        }
        return (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0) / 1e9;
    }

    /** Per table: updates and HOT updates so far. */
    private Map<String, long[]> updates() {
        Map<String, long[]> m = new java.util.TreeMap<>();
        db.exec("select pg_stat_force_next_flush()");
        // partitions count their own updates: summed per table
        for (var r : db.rows("select substring(relname from '^(window_aggregate|anomaly_result|series_state)') as "
                + "relname, sum(n_tup_upd) as n_tup_upd, sum(n_tup_hot_upd) as n_tup_hot_upd from pg_stat_user_tables "
                + "where relname ~ '^(window_aggregate|anomaly_result|series_state)' group by 1")) {
            m.put((String) r.get("relname"), new long[] {((Number) r.get("n_tup_upd")).longValue(),
                    ((Number) r.get("n_tup_hot_upd")).longValue()});
        }
        return m;
    }

    /** User + system CPU of this PostgreSQL's processes (its postmaster's children and itself), from /proc. */
    private double postgresCpuSeconds() {
        long postmaster = db.count("select pid from pg_stat_activity where pid = pg_backend_pid()");
        try {
            long parent = Long.parseLong(Files.readString(Path.of("/proc/" + postmaster + "/stat")).split(" ")[3]);
            double ticks = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String[] f = Files.readString(p.resolve("stat")).replaceAll(".*\\) ", "").split(" ");
                        long pid = Long.parseLong(p.getFileName().toString());
                        if (pid == parent || Long.parseLong(f[1]) == parent) {
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended while we read /proc
                    }
                }
            }
            return ticks / 100.0;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private String size(String table) {
        return (String) db.rows("select pg_size_pretty(sum(pg_total_relation_size(relid))) as s "
                + "from pg_partition_tree(?::regclass)", table).get(0).get("s");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        out.add(line);
        System.out.println(line);
    }
}
