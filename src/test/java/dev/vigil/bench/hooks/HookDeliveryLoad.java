package dev.vigil.bench.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.alerting.AlertEvents;
import dev.vigil.hooks.HookDispatcher;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.testing.Db;
import dev.vigil.testing.HookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What hooks cost (README "Hooks"), on real PostgreSQL and a real HTTP endpoint on loopback: (1) writing alerts to
 * the outbox with no hook and with three (the fan-out is part of the scoring transaction's statement); (2) sending
 * pending deliveries to an endpoint that answers at once and to one that takes 200 ms; (3) the same beside a dead
 * endpoint (connection refused) and beside a black hole (connections taken, never answered). Prints the figures for
 * BENCHMARKS.md; asserts only that every delivery arrived.
 *
 * <pre>./mvnw -B test -Dtest=HookDeliveryLoad -Dtest.excludedGroups= [-Dbench.events=5000]</pre>
 */
@Tag("benchmark")
@QuarkusTest
class HookDeliveryLoad {

    static final int EVENTS = Integer.getInteger("bench.events", 5_000);
    static final int BATCH = 500;
    /** Events written beside a black-hole endpoint (its requests wait for vigil.hooks.timeout each). */
    static final int BLACK_HOLE = 1_000;

    @Inject
    Db db;
    @Inject
    OutboxStore outbox;
    @Inject
    HookDispatcher dispatcher;

    @Test
    void measure() throws IOException, InterruptedException {
        db.reset();
        System.out.printf(Locale.ROOT, "outbox add, %d events in batches of %d: no hook %.1f us/event%n", EVENTS, BATCH,
                addMicros());
        try (HookReceiver fast = new HookReceiver(Duration.ZERO, 100);
             HookReceiver slow = new HookReceiver(Duration.ofMillis(200), 100)) {
            hook("all", fast.url("/all"), "");
            hook("anomalies", fast.url("/anomalies"), ", \"types\": [\"" + AlertEvents.TYPE + "\"]");
            hook("rule", fast.url("/rule"), ", \"rules\": [\"default\"]");
            db.exec("truncate hook_delivery");
            System.out.printf(Locale.ROOT, "outbox add with 3 hooks (all, by type, by rule): %.1f us/event, "
                    + "%d deliveries%n", addMicros(), db.count("select count(*) from hook_delivery"));
            db.exec("truncate hook_delivery");
            db.exec("update alert_hook set enabled = false where name <> 'all'");
            addMicros();
            send("endpoint answering at once", fast, EVENTS);

            db.exec("truncate alert_hook cascade");
            hook("slow", slow.url("/slow"), "");
            addMicros(1_000);
            send("endpoint answering after 200 ms", slow, 1_000);

            db.exec("truncate alert_hook cascade");
            HookReceiver dead = new HookReceiver();
            String deadUrl = dead.url("/dead");
            dead.close();
            hook("dead", deadUrl, "");
            hook("live", fast.url("/live"), "");
            int before = fast.received().size();
            addMicros(1_000);
            long started = System.nanoTime();
            while (dispatcher.pass().await() > 0) {
                // until every due delivery was attempted once (the dead one's retries are not due yet)
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(1_000, fast.received().size() - before);
            System.out.printf(Locale.ROOT, "beside a dead endpoint: 2,000 attempts (1,000 delivered, 1,000 refused) "
                    + "in %.2f s, %.0f attempts/s%n", seconds, 2_000 / seconds);

            // an endpoint that takes connections and never answers (a black hole): every pass waits for the timeout
            db.exec("truncate alert_hook cascade");
            try (ServerSocket hole = new ServerSocket(0, 1_000, InetAddress.getLoopbackAddress())) {
                hook("hole", "http://127.0.0.1:" + hole.getLocalPort() + "/hole", "");
                hook("live", fast.url("/live"), "");
                before = fast.received().size();
                addMicros(BLACK_HOLE);
                started = System.nanoTime();
                // as the schedule does: passes that do not wait for their answers
                while (fast.received().size() - before < BLACK_HOLE) {
                    if (dispatcher.pass().count() == 0) {
                        Thread.sleep(5);
                    }
                }
                seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "beside a black-hole endpoint (timeout %s): the live hook's %d deliveries "
                        + "in %.2f s, %.0f per second%n", ConfigProvider.getConfig().getValue("vigil.hooks.timeout",
                        String.class), BLACK_HOLE, seconds, BLACK_HOLE / seconds);
                Thread.sleep(4_000); // the hole's requests time out and are recorded before the application stops
            }
        }
    }

    private void send(String what, HookReceiver receiver, int n) {
        int before = receiver.received().size();
        long started = System.nanoTime();
        int passes = 0;
        while (dispatcher.pass().await() > 0) {
            passes++;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(n, receiver.received().size() - before, "every delivery arrived");
        System.out.printf(Locale.ROOT, "%s: %d deliveries in %d passes, %.2f s, %.0f deliveries/s, %.2f ms each%n",
                what, n, passes, seconds, n / seconds, seconds * 1000 / n);
    }

    private double addMicros() {
        return addMicros(EVENTS);
    }

    /** Adds {@code n} anomaly events named by the default rule, as the pipeline writes them; us per event. */
    private double addMicros(int n) {
        long started = System.nanoTime();
        for (int from = 0; from < n; from += BATCH) {
            List<OutboxRow> rows = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
                UUID id = UUID.randomUUID();
                var data = Json.mapper().createObjectNode().put("seriesKey", "power{meter=m" + i + "}")
                        .put("value", 42.0).put("severity", 0.8);
                data.set("rules", Json.mapper().valueToTree(List.of("default")));
                rows.add(new OutboxRow(id, (long) i, "power{meter=m" + i + "}",
                        AlertEvents.envelope(id, AlertEvents.SOURCE, AlertEvents.TYPE, "power{meter=m" + i + "}",
                                Instant.now(), data)));
            }
            outbox.add(rows);
        }
        return (System.nanoTime() - started) / 1e3 / n;
    }

    private static void hook(String name, String url, String extra) {
        io.restassured.RestAssured.given().contentType("application/json")
                .body("{\"name\": \"" + name + "\", \"url\": \"" + url + "\"" + extra + "}")
                .post("/api/v1/admin/hooks").then().statusCode(201);
    }
}
