package dev.vigil.bench.faults;

import dev.vigil.bench.faults.Workload.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Scenario 7, replicas shown (issue 14): two Vigil processes against one PostgreSQL and one broker, the second started
 * with the first's services through the documented environment variables. Half the series arrive over Kafka (both
 * replicas in the consumer group), the other half as binary CloudEvents over HTTP, each request to whichever replica
 * is up, in turn; replica A is killed with -9 a third of the way in and started again. Then both replicas run
 * detection at once, as of the same instant, and the rest is finished by either. It checks what scenario 6 checks
 * (totals exact, every window scored once, every due alert published and received) and that both replicas took
 * claims of the same run.
 */
final class ReplicaScenario {

    private final Rig rig;
    private final Settings s;

    ReplicaScenario(Rig rig) {
        this.rig = rig;
        this.s = rig.settings;
    }

    Outcome run() throws Exception {
        Workload w = rig.workload("replicas7");
        String m = w.metric();
        Duration upB = rig.b.start(s.patience());
        List<Unit> overKafka = new ArrayList<>();
        List<Unit> overHttp = new ArrayList<>();
        w.units().forEach(u -> (u.series() % 2 == 0 ? overKafka : overHttp).add(u));
        long deadline = System.nanoTime() + s.patience().multipliedBy(2).toNanos();
        CompletableFuture<Long> kafka = CompletableFuture.supplyAsync(
                () -> new KafkaSender(rig.kafka.bootstrap()).send(m, overKafka, Duration.ofSeconds(40)));
        CompletableFuture<RetryingClient.Stats> http = CompletableFuture.supplyAsync(() -> {
            try {
                return new RetryingClient(rig.http).send(eitherReplica(), m, Workload.batches(overHttp, 100), 2,
                        Duration.ofSeconds(40), deadline);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Rig.await(() -> rig.audit.stored(m) >= w.readings() / 3, s.patience());
        long atKill = rig.audit.stored(m);
        rig.a.kill();
        Duration upA = rig.a.start(s.patience());
        long sentKafka = kafka.get(s.patience().toSeconds(), TimeUnit.SECONDS);
        RetryingClient.Stats stats = http.get(s.patience().multipliedBy(2).toSeconds(), TimeUnit.SECONDS);
        long sent = sentKafka + stats.readings();
        boolean all = rig.awaitStored(m, sent, Duration.ofSeconds(30));

        Set<String> before = rig.audit.claims();
        String at = rig.nextAt();
        CompletableFuture<String> runA = detect(rig.a, at);
        CompletableFuture<String> runB = detect(rig.b, at);
        String reports = runA.get(5, TimeUnit.MINUTES) + " | " + runB.get(5, TimeUnit.MINUTES);
        Set<String> owners = new HashSet<>();
        for (String claim : rig.audit.claims()) {
            if (!before.contains(claim)) {
                owners.add(claim.substring(claim.lastIndexOf('/') + 1));
            }
        }
        String more = rig.finishDetection(m, rig.nextAt(), List.of(rig.a, rig.b));
        boolean alerts = rig.awaitAlerts(m);
        String note = String.format(Locale.ROOT, "B up in %.1f s; A killed at %,d of %,d stored, up again in %.1f s%s;"
                        + " HTTP: %,d requests, %,d retries, %,d answered duplicate; one run on both at once: %s,"
                        + " replicas holding its claims: %d%s%s%s", upB.toMillis() / 1000.0, atKill, w.readings(),
                upA.toMillis() / 1000.0, all ? "" : ", NOT all stored", stats.requests(), stats.retries(),
                stats.duplicates(), brief(reports), owners.size(), owners.size() >= 2 ? "" : " (NOT both)",
                more.isEmpty() ? "" : "; then " + brief(more), alerts ? "" : "; alerts NOT drained");
        Outcome outcome = Outcome.of(7, "two replicas, HTTP and Kafka, A killed", w, sent,
                rig.audit.totals(m, s.minSeverity()), rig.tap(), note);
        return owners.size() >= 2 ? outcome : outcome.failed();
    }

    /** Each attempt goes to the next replica that is up (A, B, A, ...), so a dead replica's batches move on. */
    private Supplier<String> eitherReplica() {
        AtomicInteger turn = new AtomicInteger();
        return () -> {
            VigilProcess first = turn.getAndIncrement() % 2 == 0 ? rig.a : rig.b;
            VigilProcess other = first == rig.a ? rig.b : rig.a;
            return (first.alive() ? first : other).url();
        };
    }

    private CompletableFuture<String> detect(VigilProcess v, String at) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return v.name() + ": " + rig.detect(v, at).body();
            } catch (Exception e) {
                return v.name() + ": " + e.getClass().getSimpleName();
            }
        });
    }

    private static String brief(String reports) {
        return reports.replaceAll("\"cutoff\":\"[^\"]*\",?", "").replaceAll("\"millis\":\\d+,?", "")
                .replaceAll(",?\"(shardsFailed|seriesQuarantined)\":0", "")
                .replace("\"shardsClaimed\":", "shards ").replace("\"windowsScored\":", "windows ")
                .replace("\"anomalies\":", "anomalies ").replace("\"", "").replace(",}", "}");
    }
}
