package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import dev.vigil.alerting.AlertEvents;
import dev.vigil.hooks.HookDispatcher;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.HookReceiver;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Rules;
import dev.vigil.testing.Series;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hook's maxAge from the dashboard in a real Chromium: a refused value shows the API's code on the field and stores
 * nothing, a set one is listed, a backfill's stale alert is counted as skipped, listed under the "skipped" filter and
 * sent from there, and an emptied field clears the stored maxAge (the form sends null).
 */
@QuarkusTest
class HookMaxAgeBrowserTest {

    private static final String HOOKS = "/api/v1/admin/hooks";
    private static final Duration WINDOW = Duration.ofMinutes(5);

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    HookDispatcher dispatcher;
    @TestHTTPResource("/")
    URL root;

    @Test
    void maxAgeIsSetListedRefusedWithItsCodeAndClearedAndASkippedAlertIsSentFromThePage() {
        db.reset();
        Rules.create("""
                {"name": "statutory", "metric": "voltage", "limits": {"lower": 207, "upper": 253}, "snooze": "PT0S"}""");
        try (HookReceiver receiver = new HookReceiver()) {
            Page page = browser.page();
            page.navigate(root + "dashboard/#/hooks");
            assertThat(page.locator("[data-state=empty]")).containsText("No hooks");

            page.fill("#hook-form [name=name]", "desk");
            page.fill("#hook-form [name=url]", receiver.url("/in/desk"));
            page.fill("#hook-form [name=maxAge]", "six hours");
            page.click("#hook-form button[type=submit]");
            assertThat(page.locator("#hook-form-result code")).hasText("InvalidHook");
            assertThat(page.locator("#hook-form-result")).containsText("ISO-8601 duration");
            assertThat(page.locator("#hook-form [name=maxAge]")).hasClass("invalid");
            assertEquals(0, db.count("select count(*) from alert_hook"), "a refused hook stores nothing");

            page.fill("#hook-form [name=maxAge]", "PT1H");
            page.click("#hook-form button[type=submit]");
            assertThat(page.locator("#hooks tr[data-name='desk'] .max-age")).hasText("maxAge PT1H");
            assertEquals(3600, db.count("select max_age_seconds from alert_hook"));
            long id = db.count("select id from alert_hook");

            // a run that alerts on a window hours old (as a backfill does) and on a fresh one, as HookMaxAgeTest
            int end = (int) (Duration.between(Series.START, Instant.now()).toSeconds() / WINDOW.toSeconds()) - 1;
            int stale = end - 50;
            int fresh = end - 2;
            Readings.post("voltage", Map.of("meter", "m1"), end - 60, end,
                    i -> i == stale ? 260 : i == fresh ? 200 : 230 + (i % 3));
            run.run(Series.nowAfter(end));
            assertEquals(1, db.count("select count(*) from hook_delivery where state = 'skipped'"));

            page.reload();
            page.click("#hooks tr[data-name='desk'] button[data-skipped]");
            assertThat(page.locator("#hook-delivery-state")).hasValue("skipped");
            assertThat(page.locator("#hook-deliveries tbody tr")).hasCount(1);
            String skipped = page.getAttribute("#hook-deliveries tbody tr", "data-event");
            assertThat(page.locator("#hook-deliveries tr[data-event='" + skipped + "']"))
                    .containsText("not sent: older than the hook's maxAge");
            // every state: the skipped one among the sent ones
            page.selectOption("#hook-delivery-state", "");
            assertThat(page.locator("#hook-deliveries tr.delivery-pending").first()).isVisible();
            assertThat(page.locator("#hook-deliveries tr.delivery-skipped")).hasCount(1);
            page.selectOption("#hook-delivery-state", "skipped");
            assertThat(page.locator("#hook-deliveries tbody tr")).hasCount(1);
            Browser.screenshot(page, "hook-max-age");

            page.click("#hook-deliveries tr[data-event='" + skipped + "'] button[data-retry]");
            assertThat(page.locator("#hook-result")).containsText("anomaly.detected.v1 event " + skipped
                    + ": pending, sent from its first attempt.");
            assertThat(page.locator("[data-state=empty]")).containsText("No skipped deliveries");
            dispatcher.pass().await();
            assertTrue(receiver.received().stream().anyMatch(r -> r.path().equals("/in/desk")
                    && AlertEvents.TYPE.equals(JsonPath.from(r.body()).getString("type"))
                    && Series.windowStart(stale).toString().equals(JsonPath.from(r.body())
                            .getString("data.windowStart"))), "the skipped alert is sent after all");
            page.reload();
            assertThat(page.locator("#hooks tr[data-name='desk'] td.n").nth(2)).hasText("0");

            // a change the API refuses shows its code and keeps the stored maxAge
            page.click("#hooks tr[data-name='desk'] button[data-edit]");
            assertThat(page.locator("#hook-form [name=maxAge]")).hasValue("PT1H");
            page.fill("#hook-form [name=maxAge]", "P2Y");
            page.click("#hook-form button[type=submit]");
            assertThat(page.locator("#hook-form-result code")).hasText("InvalidHook");
            assertThat(page.locator("#hook-form [name=maxAge]")).hasClass("invalid");
            assertEquals(3600, db.count("select max_age_seconds from alert_hook"));

            // emptied: the form sends null, which removes it
            page.fill("#hook-form [name=maxAge]", "");
            Request put = page.waitForRequest(r -> r.url().endsWith(HOOKS + "/" + id) && "PUT".equals(r.method()),
                    () -> page.click("#hook-form button[type=submit]"));
            assertThat(page.locator("#hook-result")).hasText("Saved.");
            assertTrue(JsonPath.from(put.postData()).getMap("$").containsKey("maxAge"), put.postData());
            assertEquals(1, db.count("select count(*) from alert_hook where max_age_seconds is null"));
            given().get(HOOKS + "/" + id).then().statusCode(200).body("maxAge", nullValue());
            assertThat(page.locator("#hooks tr[data-name='desk'] .max-age")).hasCount(0);
        }
    }
}
