package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.vigil.alerting.AlertEvents;
import dev.vigil.hooks.HookDispatcher;
import dev.vigil.storage.HookStore;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.HookReceiver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hooks managed from the dashboard in a real Chromium against a real HTTP endpoint: a refused URL is marked and
 * nothing stored, a hook is added and its secret shown once, a test event arrives, a delivery that was given up is
 * seen and sent again, the hook is disabled and deleted (the dialog counting its pending deliveries), and a hook
 * deleted elsewhere is named and its row dropped.
 */
@QuarkusTest
class HooksBrowserTest {

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @Inject
    OutboxStore outbox;
    @Inject
    HookDispatcher dispatcher;
    @Inject
    HookStore hooks;
    @TestHTTPResource("/")
    URL root;

    @Test
    void addsTestsWatchesAndDeletesAHook() {
        db.reset();
        try (HookReceiver receiver = new HookReceiver()) {
            Page page = browser.page();
            page.navigate(root + "dashboard/#/hooks");
            assertThat(page.locator("[data-state=empty]")).containsText("No hooks");

            page.fill("#hook-form [name=name]", "on-call");
            page.fill("#hook-form [name=url]", "ftp://example.com/in");
            page.check("#hook-form input[value='dev.vigil.incident.opened.v1']");
            page.check("#hook-form input[value='dev.vigil.anomaly.detected.v1']");
            page.click("#hook-form button[type=submit]");
            assertThat(page.locator("#hook-form-result")).containsText("http or https");
            assertThat(page.locator("#hook-form [name=url]")).hasClass("invalid");
            assertEquals(0, db.count("select count(*) from alert_hook"), "a refused hook stores nothing");

            page.fill("#hook-form [name=url]", receiver.url("/in?token=t"));
            page.selectOption("#hook-form [name=format]", "chat");
            page.fill("#hook-form [name=headers]", "X-Api-Key: k-1");
            page.click("#hook-form button[type=submit]");
            assertThat(page.locator("#hooks tr[data-name='on-call']")).containsText("incident.opened.v1");
            String secret = page.textContent("#hook-secret-value");
            assertTrue(secret.startsWith("whsec_"), secret);
            assertEquals(secret, hooks.all().get(0).secret(), "the one secret, shown once");
            JsonPath hook = JsonPath.from(io.restassured.RestAssured.given().get("/api/v1/admin/hooks").asString());
            assertEquals(List.of("dev.vigil.anomaly.detected.v1", "dev.vigil.incident.opened.v1"),
                    hook.getList("[0].types"));

            // the template's label reads as one sentence: its <code> parts share a line, not one each
            assertEquals(1, ((Number) page.evaluate("() => new Set([...document"
                    + ".querySelector('#hook-form [name=template]').closest('label').querySelectorAll('code')]"
                    + ".map(c => Math.round(c.getBoundingClientRect().top)))"
                    + ".size")).intValue());
            page.click("#hooks tr[data-name='on-call'] button[data-test]");
            assertThat(page.locator("#hook-result")).containsText("Test event to “on-call” delivered: 200");
            assertEquals(1, receiver.received().size());
            assertEquals("k-1", receiver.received().get(0).header("x-api-key"));
            assertEquals("[Vigil] Test event for the hook 'on-call': it stands for no anomaly.",
                    JsonPath.from(receiver.received().get(0).body()).getString("text"));
            // a sample of a type the hook receives, as the chat line a real one would read
            page.selectOption("#hooks tr[data-name='on-call'] select[data-test-type]", "dev.vigil.incident.opened.v1");
            page.click("#hooks tr[data-name='on-call'] button[data-test]");
            assertThat(page.locator("#hook-result"))
                    .containsText("Sample incident.opened.v1 event to “on-call” delivered: 200");
            assertTrue(JsonPath.from(receiver.received().get(1).body()).getString("text")
                    .startsWith("[Vigil] Incident opened: feeder=sample"), receiver.received().get(1).body());
            Browser.screenshot(page, "hooks");

            // an event whose every attempt failed: seen as given up, and sent again from the page
            UUID id = UUID.randomUUID();
            outbox.add(List.of(new OutboxRow(id, null, "s", AlertEvents.envelope(id, "/test", AlertEvents.TYPE, "s",
                    Instant.now(), Json.mapper().createObjectNode()))));
            db.exec("update hook_delivery set attempts = 17");
            receiver.answer(503);
            dispatcher.pass().await();
            page.reload();
            assertThat(page.locator("#hooks tr[data-name='on-call'] b.failed")).hasText("1");
            page.click("#hooks tr[data-name='on-call'] button[data-deliveries]");
            assertThat(page.locator("#hook-deliveries tr[data-event='" + id + "']")).containsText("503");
            page.click("#hook-deliveries tr[data-event='" + id + "'] button[data-retry]");
            assertThat(page.locator("#hook-deliveries tr[data-event='" + id + "']")).containsText("pending");
            dispatcher.pass().await();
            assertEquals(4, receiver.received().size());
            assertEquals(1, db.count("select count(*) from hook_delivery where state = 'delivered'"));

            page.click("#hooks tr[data-name='on-call'] button[data-edit]");
            assertThat(page.locator("#hook-form [name=url]")).hasValue(receiver.url("/in?token=t"));
            assertThat(page.locator("#hook-form [name=format]")).hasValue("chat");
            // a template that does not parse is refused and marked; the hook is unchanged
            page.selectOption("#hook-form [name=format]", "template");
            page.fill("#hook-form [name=template]", "{\"summary\": {#if line}");
            page.click("#hook-form button[type=submit]");
            assertThat(page.locator("#hook-form [name=template]")).hasClass("invalid");
            assertEquals("chat", db.strings("select format from alert_hook").get(0));
            page.selectOption("#hook-form [name=format]", "chat");
            page.uncheck("#hook-form [name=enabled]");
            page.click("#hook-form button[type=submit]");
            assertThat(page.locator("#hooks tr[data-name='on-call']")).containsText("disabled");
            assertThat(page.locator("#hooks tr[data-name='on-call']")).containsText("headers X-Api-Key");
            assertEquals(secret, hooks.all().get(0).secret(), "a change keeps the secret");

            // a rule name with a comma (the API allows it) is quoted in the form, and an unchanged save keeps it
            io.restassured.RestAssured.given().contentType("application/json").body("{\"name\": \"odd, name\"}")
                    .post("/api/v1/alert-rules").then().statusCode(201);
            page.click("#hooks tr[data-name='on-call'] button[data-edit]");
            page.fill("#hook-form [name=rules]", "\"odd, name\", default");
            saveHook(page);
            assertEquals(List.of("odd, name", "default"), JsonPath.from(io.restassured.RestAssured.given()
                    .get("/api/v1/admin/hooks").asString()).getList("[0].rules"));
            page.click("#hooks tr[data-name='on-call'] button[data-edit]");
            assertThat(page.locator("#hook-form [name=rules]")).hasValue("\"odd, name\", default");
            saveHook(page);
            assertEquals(List.of("odd, name", "default"), JsonPath.from(io.restassured.RestAssured.given()
                    .get("/api/v1/admin/hooks").asString()).getList("[0].rules"));

            // a hook deleted elsewhere while the page shows it: named, and the list shown as it is now
            long elsewhere = JsonPath.from(io.restassured.RestAssured.given().contentType("application/json")
                    .body("{\"name\": \"elsewhere\", \"url\": \"" + receiver.url("/x") + "\"}")
                    .post("/api/v1/admin/hooks").asString()).getLong("hook.id");
            page.reload();
            // the list loads after the page: the row must be shown before the hook goes, or the page never had it
            assertThat(page.locator("#hooks tr[data-name='elsewhere'] button[data-test]")).isVisible();
            io.restassured.RestAssured.given().delete("/api/v1/admin/hooks/" + elsewhere).then().statusCode(204);
            page.click("#hooks tr[data-name='elsewhere'] button[data-test]");
            assertThat(page.locator("#hook-result")).hasText("The hook “elsewhere” no longer exists: it was deleted "
                    + "elsewhere. The list shows the hooks as they are now.");
            assertThat(page.locator("#hooks tr[data-name='elsewhere']")).hasCount(0);

            // the dialog says what a delete drops, and the page what was done
            db.exec("update hook_delivery set state = 'pending', next_at = now() + interval '1 hour'");
            page.reload();
            List<String> asked = new java.util.ArrayList<>();
            page.onDialog(dialog -> {
                asked.add(dialog.message());
                dialog.accept();
            });
            page.click("#hooks tr[data-name='on-call'] button[data-delete]");
            assertThat(page.locator("[data-state=empty]")).containsText("No hooks");
            assertThat(page.locator("#hook-result")).containsText("Deleted the hook “on-call” with 1 pending delivery");
            assertEquals(List.of("Delete the hook “on-call” and its deliveries? Its 1 pending delivery is deleted and "
                    + "not sent, except any a sender has already taken, which may still arrive."), asked);
            assertEquals(0, db.count("select count(*) from alert_hook"));
        }
    }

    private static void saveHook(Page page) {
        page.waitForResponse(r -> r.url().contains("/api/v1/admin/hooks/") && "PUT".equals(r.request().method()),
                () -> page.click("#hook-form button[type=submit]"));
        assertThat(page.locator("#hook-result")).hasText("Saved.");
    }
}
