package dev.vigil.hooks;

import static io.restassured.RestAssured.given;

import dev.vigil.alerting.AlertEvents;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.testing.Db;
import dev.vigil.testing.HookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backlog of several hooks, or of one slow endpoint, goes out in one tick: a backfill's alerts trailed it by five
 * minutes in the daily walk (BENCHMARKS.md, "A year of 200 daily series"), at 50 per hook per 5-second tick, because
 * the tick ended at the pass after a full or a slowly answered one, which found the hooks still busy.
 */
@QuarkusTest
class HookBacklogTest {

    @Inject
    Db db;
    @Inject
    HookDispatcher dispatcher;
    @Inject
    OutboxStore outbox;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void twoHooksWhoseFirstPassFillsABatchGetTheirWholeBacklogInOneTick() {
        try (HookReceiver receiver = new HookReceiver(Duration.ZERO, 8)) {
            long a = hook("a", receiver.url("/a"));
            long b = hook("b", receiver.url("/b"));
            events(120);
            // 50 of each fill the batch of 100; the old tick's next pass found both busy and ended there
            dispatcher.tick();
            sentWithoutAnotherTick(a, 120);
            sentWithoutAnotherTick(b, 120);
        }
    }

    @Test
    void aHookAnsweringSlowerThanTheTicksWaitGetsItsWholeBacklogInOneTick() {
        try (HookReceiver slow = new HookReceiver(Duration.ofMillis(1500), 50)) {
            long hook = hook("slow", slow.url("/slow"));
            events(120);
            // each of its passes is answered after 1.5 s, past the tick's wait of a second
            dispatcher.tick();
            sentWithoutAnotherTick(hook, 120);
        }
    }

    private static long hook(String name, String url) {
        return given().contentType("application/json").body("{\"name\": \"" + name + "\", \"url\": \"" + url + "\"}")
                .post("/api/v1/admin/hooks").then().statusCode(201).extract().jsonPath().getLong("hook.id");
    }

    /** The tick's last pass returns before its answers are recorded: they are, with no tick after it. */
    private void sentWithoutAnotherTick(long hookId, int n) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> db.count("select count(*) from hook_delivery "
                + "where hook_id = ? and state = 'delivered'", hookId) == n);
    }

    private void events(int n) {
        List<OutboxRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            rows.add(new OutboxRow(id, null, "s", AlertEvents.envelope(id, "/test", AlertEvents.TYPE, "s",
                    Instant.now(), Json.mapper().createObjectNode().put("n", i))));
        }
        outbox.add(rows);
    }
}
