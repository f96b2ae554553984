package dev.vigil.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Everything a scenario acts on: PostgreSQL and the Kafka broker (owned by the driver), the alert subscriber, two
 * Vigil replicas (A always, B when a scenario starts it) and the waits, each bounded by {@link Settings#patience()}.
 * {@link #close()} stops whatever is still running, also after a failure.
 */
final class Rig implements AutoCloseable {

    final Settings settings;
    final Http http = new Http();
    final PostgresServer pg;
    final KafkaServer kafka;
    final Audit audit;
    final VigilProcess a;
    final VigilProcess b;
    private AlertTap tap;
    private final Instant started = Instant.now();
    private final AtomicInteger runs = new AtomicInteger();
    private boolean closed;

    private Rig(Settings s) throws IOException {
        this.settings = s;
        Path logs = Files.createDirectories(s.workDir().resolve("logs"));
        this.pg = new PostgresServer(s.workDir().resolve("postgres"), s.basePort() + 1, logs.resolve("postgres.log"));
        this.kafka = new KafkaServer(Files.createDirectories(s.workDir().resolve("kafka")), s.basePort() + 2);
        this.audit = new Audit(pg);
        this.a = new VigilProcess("vigil-a", s.jar(), s.basePort() + 10, env(), logs, http);
        this.b = new VigilProcess("vigil-b", s.jar(), s.basePort() + 20, env(), logs, http);
    }

    /** Fresh data directories, then PostgreSQL, the broker, the topics, the alert subscriber and replica A. */
    static Rig start(Settings s) throws Exception {
        if (!Files.isRegularFile(s.jar())) {
            throw new IllegalStateException(s.jar() + " missing: run ./mvnw -B package -DskipTests first");
        }
        for (String dir : List.of("postgres", "kafka", "logs")) {
            delete(s.workDir().resolve(dir));
        }
        Rig rig = new Rig(s);
        try {
            rig.pg.start();
            rig.kafka.start();
            rig.kafka.createTopics();
            rig.tap = new AlertTap(rig.kafka.bootstrap());
            rig.a.start(s.patience());
            rig.audit.install();
            return rig;
        } catch (Exception e) {
            rig.close();
            throw e;
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = new TreeMap<>();
        env.put("VIGIL_DB_URL", pg.jdbcUrl());
        env.put("VIGIL_DB_USER", "postgres");
        env.put("VIGIL_DB_PASSWORD", "");
        env.put("VIGIL_KAFKA_BOOTSTRAP", kafka.bootstrap());
        env.put("VIGIL_DATA_DIR", settings.workDir().resolve("vigil-data").toString());
        env.put("VIGIL_KEYS", Http.KEY + "=ingest+read+operate+admin");
        env.put("VIGIL_API_KEYS", Http.KEY);
        env.put("VIGIL_ALLOW_ANONYMOUS", "true");
        // the driver starts every run itself, each as of its own instant (see nextAt)
        env.put("VIGIL_DETECTION_CRON", "off");
        env.put("VIGIL_DETECTION_LEASE", settings.lease().toString());
        env.put("VIGIL_DETECTION_CHUNK", Integer.toString(settings.chunk()));
        env.put("VIGIL_ALERTING_MIN_SEVERITY", Double.toString(settings.minSeverity()));
        env.put("VIGIL_ALERTING_PUBLISH_EVERY", "1s");
        // the audit expects one alert per anomaly: no snooze, no cap, no companion asked of weak ones (the default
        // rule is quieter)
        env.put("VIGIL_ALERTING_DEFAULT_RULE_SNOOZE", "PT0S");
        env.put("VIGIL_ALERTING_DEFAULT_RULE_CONFIRM_BELOW", "0");
        env.put("VIGIL_ALERTING_DEFAULT_RULE_MAX_PER_HOUR", "1000000");
        return env;
    }

    AlertTap tap() {
        return tap;
    }

    /** A scenario's readings, ending six hours before the driver started: before the cutoff of any run it asks for. */
    Workload workload(String metric) {
        return new Workload(metric, settings, started.minus(Duration.ofHours(6)));
    }

    /**
     * The instant of the next detection run. A run is done once per cutoff by design (its claims are per cutoff),
     * so each run the driver asks for is as of its own past instant, five minutes before the previous one; all of
     * them lie after every scenario's data.
     */
    String nextAt() {
        return started.minus(Workload.WINDOW.multipliedBy(runs.incrementAndGet())).toString();
    }

    /** Plain JSON batches of 1,000 readings to {@code POST /readings}, no fault meanwhile. */
    void postReadings(VigilProcess v, Workload w) throws Exception {
        for (Workload.Batch batch : Workload.batches(w.units(), 1000)) {
            Http.Answer answer = http.postJson(v.url() + "/readings", batch.json(), Duration.ofSeconds(60));
            if (answer.status() != 200) {
                throw new IllegalStateException("POST /readings answered " + answer.status() + ": " + answer.body());
            }
        }
    }

    /** One detection run as of {@code at}; the answer is Vigil's run report. */
    Http.Answer detect(VigilProcess v, String at) throws IOException, InterruptedException {
        return http.postJson(v.url() + "/api/v1/detection/runs", "{\"at\":\"" + at + "\"}", Duration.ofMinutes(5));
    }

    /**
     * Runs detection until no closed window of the metric is left unscored. While claims are unfinished (a killed
     * replica's), the runs are as of {@code at}, so the work is finished by taking those claims over once their lease
     * expired, not by a newer run; after that each run gets its own instant. Returns the reports, one per run.
     */
    String finishDetection(String metric, String at, List<VigilProcess> replicas) throws Exception {
        StringBuilder reports = new StringBuilder();
        long deadline = System.nanoTime() + settings.patience().plus(settings.lease()).toNanos();
        int n = 0;
        while (audit.unscored(metric) != 0 && System.nanoTime() < deadline && n < 100) {
            VigilProcess v = replicas.stream().filter(VigilProcess::alive).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no replica alive"));
            String runAt = audit.openClaims() > 0 ? at : nextAt();
            Http.Answer answer = detect(v, runAt);
            n++;
            if (answer.status() != 200) {
                reports.append(' ').append(v.name()).append(':').append(answer.status());
                Thread.sleep(1000);
            } else if (answer.body().contains("\"shardsClaimed\":0")) {
                Thread.sleep(1000);   // claims still leased to a dead replica
            } else {
                reports.append(' ').append(v.name()).append(':').append(answer.body());
            }
        }
        return reports.toString().trim();
    }

    /** Waits until the outbox of the metric is drained and the subscriber has seen every outbox id. */
    boolean awaitAlerts(String metric) throws Exception {
        return await(() -> {
            try {
                Audit.Totals t = audit.totals(metric, settings.minSeverity());
                return t.unpublished() == 0 && tap.ids(metric).containsAll(t.outboxIds());
            } catch (Exception e) {
                return false;
            }
        }, settings.patience());
    }

    /**
     * Waits until the metric's stored readings reach {@code target}; gives up early once they have not grown for
     * {@code stall} (a stopped consumer), else at the patience.
     */
    boolean awaitStored(String metric, long target, Duration stall) throws InterruptedException {
        long deadline = System.nanoTime() + settings.patience().toNanos();
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long stored = audit.stored(metric);
            if (stored >= target) {
                return true;
            }
            if (stored != last) {
                last = stored;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > stall.toNanos()) {
                return false;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Polls every 50 ms until the condition holds or the patience runs out. */
    static boolean await(BooleanSupplier condition, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (VigilProcess v : List.of(a, b)) {
            try {
                v.stop();
            } catch (Exception e) {
                System.err.println("could not stop " + v.name() + ": " + e);
            }
        }
        try {
            if (tap != null) {
                tap.close();
            }
        } catch (Exception e) {
            System.err.println("could not stop the alert subscriber: " + e);
        }
        kafka.close();
        try {
            pg.close();
        } catch (Exception e) {
            System.err.println("could not stop PostgreSQL: " + e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
