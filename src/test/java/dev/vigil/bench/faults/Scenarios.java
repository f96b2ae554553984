package dev.vigil.bench.faults;

import dev.vigil.bench.faults.Workload.Unit;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The six faults. Each scenario has its own metric, sends its readings, injects its fault at about a third of the
 * way, lets Vigil recover, runs detection until no window of the metric is unscored, waits for the alerts and
 * reads the totals. Every wait is bounded by the settings' patience.
 */
final class Scenarios {

    private final Rig rig;
    private final Settings s;

    Scenarios(Rig rig) {
        this.rig = rig;
        this.s = rig.settings;
    }

    Outcome run(int number) throws Exception {
        return switch (number) {
            case 1 -> killDuringKafkaIngestion();
            case 2 -> killDuringHttpIngestion();
            case 3 -> killDuringDetection();
            case 4 -> postgresOutageDuringIngestion();
            case 5 -> brokerOutageWhileAlertsDue();
            case 6 -> twoReplicasOneKilled();
            case 7 -> new ReplicaScenario(rig).run();
            default -> throw new IllegalArgumentException("no scenario " + number);
        };
    }

    /** Back to the starting line after a scenario, whatever happened: PostgreSQL and the broker up, A alone. */
    void reset() throws Exception {
        rig.b.stop();
        rig.pg.start();
        rig.kafka.start();
        if (!rig.a.alive()) {
            rig.a.start(s.patience());
        }
    }

    private Outcome killDuringKafkaIngestion() throws Exception {
        Workload w = rig.workload("fault1");
        String m = w.metric();
        List<Unit> units = w.units();
        CompletableFuture<Long> sending = CompletableFuture.supplyAsync(
                () -> new KafkaSender(rig.kafka.bootstrap()).send(m, units));
        Rig.await(() -> rig.audit.stored(m) >= w.readings() / 3, s.patience());
        long atKill = rig.audit.stored(m);
        rig.a.kill();
        long sent = sending.get(s.patience().toSeconds(), TimeUnit.SECONDS);
        Duration up = rig.a.start(s.patience());
        long t0 = System.nanoTime();
        boolean all = Rig.await(() -> rig.audit.stored(m) >= sent, s.patience());
        double storedAfter = (System.nanoTime() - t0) / 1e9;
        String runs = rig.finishDetection(m, rig.nextAt(), List.of(rig.a));
        boolean alerts = rig.awaitAlerts(m);
        String note = String.format(Locale.ROOT, "killed at %,d of %,d stored; up again in %.1f s; %s %.1f s after"
                        + " it was up%s; %s", atKill, sent, secs(up), all ? "all stored" : "NOT all stored", storedAfter,
                alerts ? "" : "; alerts NOT drained", runs.isEmpty() ? "" : "runs " + brief(runs));
        return Outcome.of(1, "kill -9 during Kafka ingestion", w, sent, rig.audit.totals(m, s.minSeverity()),
                rig.tap(), note);
    }

    private Outcome killDuringHttpIngestion() throws Exception {
        Workload w = rig.workload("fault2");
        String m = w.metric();
        List<Workload.Batch> batches = Workload.batches(w.units(), 100);
        long deadline = System.nanoTime() + s.patience().multipliedBy(2).toNanos();
        CompletableFuture<RetryingClient.Stats> sending = CompletableFuture.supplyAsync(() -> {
            try {
                return new RetryingClient(rig.http).send(rig.a::url, m, batches, 2, Duration.ZERO, deadline);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Rig.await(() -> rig.audit.stored(m) >= w.readings() / 3, s.patience());
        long atKill = rig.audit.stored(m);
        rig.a.kill();
        Duration up = rig.a.start(s.patience());
        RetryingClient.Stats stats = sending.get(s.patience().multipliedBy(2).toSeconds(), TimeUnit.SECONDS);
        Rig.await(() -> rig.audit.stored(m) >= w.readings(), Duration.ofSeconds(5));
        rig.finishDetection(m, rig.nextAt(), List.of(rig.a));
        boolean alerts = rig.awaitAlerts(m);
        String note = String.format(Locale.ROOT, "killed at %,d stored; up again in %.1f s; client: %,d batches,"
                        + " %,d requests, %,d retries %s, %,d answered duplicate, %,d given up%s", atKill, secs(up),
                batches.size(), stats.requests(), stats.retries(), failed(stats), stats.duplicates(), stats.refused(),
                alerts ? "" : "; alerts NOT drained");
        return Outcome.of(2, "kill -9 during HTTP CloudEvent ingestion", w, w.readings(),
                rig.audit.totals(m, s.minSeverity()), rig.tap(), note);
    }

    private Outcome killDuringDetection() throws Exception {
        Workload w = rig.workload("fault3");
        String m = w.metric();
        rig.postReadings(rig.a, w);
        String at = rig.nextAt();
        CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> {
            try {
                return rig.detect(rig.a, at).body();
            } catch (Exception e) {
                return "cut: " + e.getClass().getSimpleName();
            }
        });
        Rig.await(() -> rig.audit.scored(m) >= w.windows() / 3 || running.isDone(), s.patience());
        long atKill = rig.audit.scored(m);
        rig.a.kill();
        String cut = running.get(30, TimeUnit.SECONDS);
        Duration up = rig.a.start(s.patience());
        long t0 = System.nanoTime();
        String runs = rig.finishDetection(m, at, List.of(rig.a));
        double finished = (System.nanoTime() - t0) / 1e9;
        boolean alerts = rig.awaitAlerts(m);
        String note = String.format(Locale.ROOT, "killed with %,d of %,d windows scored (run answer: %s); up again"
                        + " in %.1f s; claims taken over and finished %.1f s later: %s%s", atKill, w.windows(),
                brief(cut), secs(up), finished, brief(runs), alerts ? "" : "; alerts NOT drained");
        return Outcome.of(3, "kill -9 during a detection run", w, w.readings(), rig.audit.totals(m, s.minSeverity()),
                rig.tap(), note);
    }

    private Outcome postgresOutageDuringIngestion() throws Exception {
        Workload w = rig.workload("fault4");
        String m = w.metric();
        // even series over Kafka, odd series as CloudEvents over HTTP
        List<Unit> units = w.units();
        List<Unit> viaKafka = units.stream().filter(u -> u.series() % 2 == 0).toList();
        List<Workload.Batch> viaHttp = Workload.batches(units.stream().filter(u -> u.series() % 2 == 1).toList(), 100);
        long deadline = System.nanoTime() + s.patience().multipliedBy(2).toNanos();
        // the consumer may still wait for a killed replica's group membership to expire: a first slice of the Kafka
        // half shows when it consumes; then the rest of it and the HTTP half are both spread over 30 s, so both
        // paths are storing when PostgreSQL stops
        List<Unit> head = viaKafka.subList(0, viaKafka.size() / 20);
        List<Unit> tail = viaKafka.subList(head.size(), viaKafka.size());
        long headSent = new KafkaSender(rig.kafka.bootstrap()).send(m, head);
        Rig.await(() -> rig.audit.stored(m, 0) >= headSent, s.patience());
        CompletableFuture<Long> kafka = CompletableFuture.supplyAsync(
                () -> new KafkaSender(rig.kafka.bootstrap()).send(m, tail, Duration.ofSeconds(30)));
        CompletableFuture<RetryingClient.Stats> http = CompletableFuture.supplyAsync(() -> {
            try {
                return new RetryingClient(rig.http).send(rig.a::url, m, viaHttp, 2, Duration.ofSeconds(30), deadline);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long half = w.readings() / 2;
        Rig.await(() -> rig.audit.stored(m, 0) >= half / 3 && rig.audit.stored(m, 1) >= half / 3, s.patience());
        String split = String.format(Locale.ROOT, "%,d via Kafka + %,d via HTTP", rig.audit.stored(m, 0),
                rig.audit.stored(m, 1));
        long atStop = rig.audit.stored(m);
        rig.pg.stop();
        Thread.sleep(s.outage().toMillis());
        rig.pg.start();
        long t0 = System.nanoTime();
        RetryingClient.Stats stats = http.get(s.patience().multipliedBy(2).toSeconds(), TimeUnit.SECONDS);
        kafka.get(s.patience().toSeconds(), TimeUnit.SECONDS);
        // a consumer that resumes stores again within seconds; 30 s without progress is a stopped one
        boolean all = rig.awaitStored(m, w.readings(), Duration.ofSeconds(30));
        double resumed = (System.nanoTime() - t0) / 1e9;
        String recovery;
        if (all) {
            recovery = String.format(Locale.ROOT, "all stored %.1f s after PostgreSQL was back, no Vigil restart", resumed);
        } else {
            long stalled = rig.audit.stored(m);
            String health = rig.a.alive() ? "ready " + rig.a.ready() : "process gone";
            rig.a.stop();
            Duration up = rig.a.start(s.patience());
            boolean after = Rig.await(() -> rig.audit.stored(m) >= w.readings(), s.patience());
            recovery = String.format(Locale.ROOT, "STALLED at %,d stored, no progress %.0f s after PostgreSQL was back (%s);"
                    + " Vigil restarted (up in %.1f s): %s", stalled, resumed, health, secs(up),
                    after ? "then all stored" : "still NOT all stored");
        }
        rig.finishDetection(m, rig.nextAt(), List.of(rig.a));
        boolean alerts = rig.awaitAlerts(m);
        String note = String.format(Locale.ROOT, "PostgreSQL stopped at %,d stored (%s) for %d s; %s; HTTP client:"
                        + " %,d retries %s, %,d answered duplicate, %,d given up%s", atStop, split,
                s.outage().toSeconds(), recovery, stats.retries(), failed(stats), stats.duplicates(), stats.refused(),
                alerts ? "" : "; alerts NOT drained");
        return Outcome.of(4, "PostgreSQL stopped+started during ingestion", w, w.readings(),
                rig.audit.totals(m, s.minSeverity()), rig.tap(), note);
    }

    private Outcome brokerOutageWhileAlertsDue() throws Exception {
        Workload w = rig.workload("fault5");
        String m = w.metric();
        rig.postReadings(rig.a, w);
        rig.kafka.stop();
        long stoppedAt = System.nanoTime();
        rig.finishDetection(m, rig.nextAt(), List.of(rig.a));
        long due = rig.audit.unpublished(m);
        // long enough for the publisher's sends to time out (delivery.timeout.ms 30 s) and its batch to roll back
        Thread.sleep(Math.max(0, s.brokerOutage().toMillis() - (System.nanoTime() - stoppedAt) / 1_000_000));
        long stillDue = rig.audit.unpublished(m);
        rig.kafka.start();
        long t0 = System.nanoTime();
        boolean drained = rig.awaitAlerts(m);
        double after = (System.nanoTime() - t0) / 1e9;
        String note = String.format(Locale.ROOT, "broker down %d s; %,d alerts due when scored, %,d still unpublished"
                        + " when it came back; %s %.1f s after", s.brokerOutage().toSeconds(), due, stillDue,
                drained ? "outbox drained and every id received" : "NOT drained", after);
        return Outcome.of(5, "Kafka broker stopped+started with alerts due", w, w.readings(),
                rig.audit.totals(m, s.minSeverity()), rig.tap(), note);
    }

    private Outcome twoReplicasOneKilled() throws Exception {
        Workload w = rig.workload("fault6");
        String m = w.metric();
        List<Unit> units = w.units();
        // readings over Kafka while B joins the consumer group, spread so that partitions move in the middle of A's
        // polls
        CompletableFuture<Long> sending = CompletableFuture.supplyAsync(
                () -> new KafkaSender(rig.kafka.bootstrap()).send(m, units, Duration.ofSeconds(50)));
        Rig.await(() -> rig.audit.stored(m) >= w.readings() / 4, s.patience());
        long atJoin = rig.audit.stored(m);
        Duration upB = rig.b.start(s.patience());
        long sent = sending.get(s.patience().toSeconds(), TimeUnit.SECONDS);
        boolean all = Rig.await(() -> rig.audit.stored(m) >= sent, s.patience());
        String at = rig.nextAt();
        CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> {
            try {
                return rig.detect(rig.a, at).body();
            } catch (Exception e) {
                return "cut: " + e.getClass().getSimpleName();
            }
        });
        Rig.await(() -> rig.audit.scored(m) >= w.windows() / 3 || running.isDone(), s.patience());
        // B asks for the same run while A holds its claims: it must get none (or only claims whose lease ran out)
        String meanwhile = rig.detect(rig.b, at).body();
        long atKill = rig.audit.scored(m);
        rig.a.kill();
        running.get(30, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        String runs = rig.finishDetection(m, at, List.of(rig.b));
        double finished = (System.nanoTime() - t0) / 1e9;
        boolean alerts = rig.awaitAlerts(m);
        String note = String.format(Locale.ROOT, "B joined at %,d stored (up in %.1f s)%s; B's run while A scored: %s;"
                        + " A killed with %,d of %,d windows scored; B finished %.1f s later: %s%s", atJoin, secs(upB),
                all ? "" : ", NOT all stored", brief(meanwhile), atKill, w.windows(), finished, brief(runs),
                alerts ? "" : "; alerts NOT drained");
        return Outcome.of(6, "two replicas, one killed mid-run", w, sent, rig.audit.totals(m, s.minSeverity()),
                rig.tap(), note);
    }

    /** The answers that made the client retry: {@code [500 x3, no answer x9]}. */
    private static String failed(RetryingClient.Stats stats) {
        return stats.failures().entrySet().stream()
                .map(e -> (e.getKey() < 0 ? "no answer" : Integer.toString(e.getKey())) + " x" + e.getValue())
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static double secs(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** A run report without the noise: claimed shards, windows, anomalies. */
    private static String brief(String reports) {
        return reports.replaceAll("\"cutoff\":\"[^\"]*\",?", "").replaceAll("\"millis\":\\d+,?", "")
                .replace("\"shardsClaimed\":", "shards ").replace("\"windowsScored\":", "windows ")
                .replace("\"anomalies\":", "anomalies ").replace("\"", "").replace(",}", "}");
    }
}
