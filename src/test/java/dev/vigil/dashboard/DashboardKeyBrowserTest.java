package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.vigil.security.KeyedProfile;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard in a real Chromium against a Vigil that asks for keys: it asks for one, refuses an unknown key and a
 * key without the read role, works with a read key for the rest of the tab, and forgets it on request. (With no key
 * configured, DashboardBrowserTest drives the same pages without any prompt.)
 */
@QuarkusTest
@TestProfile(KeyedProfile.class)
class DashboardKeyBrowserTest {

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @TestHTTPResource("/")
    URL root;

    @Test
    void asksForAKeyAndUsesItForTheTab() {
        db.reset();
        Page page = browser.page();
        page.navigate(root + "dashboard/");
        assertThat(page.locator("#key-form")).containsText("asks for an API key");
        Browser.screenshot(page, "key-prompt");

        assertEquals("api-key", page.evaluate("() => document.activeElement.id"), "the prompt focuses the key field");
        page.fill("#api-key", "not-a-key");
        page.click("#key-form button");
        assertThat(page.locator("#key-form")).containsText("not known");

        page.fill("#api-key", KeyedProfile.INGEST);
        page.click("#key-form button");
        assertThat(page.locator("#key-form")).containsText("lacks the read role");

        page.fill("#api-key", KeyedProfile.READ);
        page.click("#key-form button");
        assertThat(page.locator("[data-stat=series]")).hasText("0");
        // the key holds across views of the same tab
        page.click("header >> text=Series");
        assertThat(page.locator("#view")).hasAttribute("data-ready", "true");
        assertThat(page.locator("#key-form")).hasCount(0);
        Browser.screenshot(page, "key-accepted");
        // the chart library comes by a script tag, which sends no key: it must load with keys set (it answered 401)
        assertEquals("function", page.evaluate("() => import('/dashboard/series-view.js')"
                + ".then(m => m.loadECharts()).then(e => typeof e.init, e => e.message)"));

        // a read key's Save is refused (403): the message offers another key, without forgetting this one first
        page.navigate(root + "dashboard/#/rules");
        page.fill("#rule-form [name=name]", "by a reader");
        page.click("#rule-form button[type=submit]");
        assertThat(page.locator("#rule-result")).containsText("lacks the role operate");
        page.click("#rule-result button.use-key");
        assertThat(page.locator("#key-form")).containsText("lacks the operate role");
        assertEquals("api-key", page.evaluate("() => document.activeElement.id"), "the prompt focuses the key field");
        // the prompt came over the page: back to it, what was typed is still there
        page.click("#key-cancel");
        assertThat(page.locator("#rule-form [name=name]")).hasValue("by a reader");
        page.fill("#rule-form [name=metric]", "voltage");
        page.fill("#rule-form [name=snooze]", "PT3H");
        page.click("#rule-form button[type=submit]");
        page.click("#rule-result button.use-key");
        page.fill("#api-key", KeyedProfile.ALL);
        page.click("#key-form button[type=submit]");
        // with the operator's key the form keeps its values and the save is tried again
        assertThat(page.locator("#rules tr[data-name='by a reader']")).isVisible();
        assertThat(page.locator("#rules tr[data-name='by a reader']")).containsText("PT3H");
        assertThat(page.locator("#rules tr[data-name='by a reader']")).containsText("metric=voltage");

        page.click("#forget-key");
        assertThat(page.locator("#key-form")).isVisible();
        page.context().close();
    }
}
