package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.vigil.security.KeyedProfile;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each metric's aggregation set from the dashboard in a real Chromium against a Vigil that asks for keys: a read key
 * is told the page needs the admin role, an admin sees the metrics paged as the API pages them, a change is asked
 * about (saying that the series relearn and open events close) and stored only when confirmed, a key without the
 * role is refused on the change and another key retries it, and the API's refusal is shown with its code.
 */
@QuarkusTest
@TestProfile(KeyedProfile.class)
class MetricsBrowserTest {

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @TestHTTPResource("/")
    URL root;

    @Test
    void anAdminListsAndChangesAggregationsAndSeesRefusals() {
        db.reset();
        db.exec("""
                insert into series (id, series_key, metric, dimensions) values
                    (1, 'bytes{host=a}', 'bytes', '{"host": "a"}'), (2, 'cpu{host=a}', 'cpu', '{"host": "a"}'),
                    (3, 'cpu{host=b}', 'cpu', '{"host": "b"}')""");
        // 52 more metrics, m01 to m52: 54 in all, two pages of 50
        db.exec("""
                insert into series (id, series_key, metric, dimensions)
                select 100 + g, 'm' || lpad(g::text, 2, '0') || '{}', 'm' || lpad(g::text, 2, '0'), '{}'
                from generate_series(1, 52) g""");
        Page page = browser.page();
        page.navigate(root + "dashboard/#/metrics");
        page.fill("#api-key", KeyedProfile.READ);
        page.click("#key-form button[type=submit]");
        assertThat(page.locator("#key-form")).containsText("lacks the admin role");
        assertThat(page.locator("#metrics")).hasCount(0);

        page.fill("#api-key", KeyedProfile.ADMIN);
        page.click("#key-form button[type=submit]");
        assertThat(page.locator("#metrics tbody tr")).hasCount(50);
        assertThat(page.locator(".pager")).containsText("page 1 of 2 · 54 metrics");
        assertThat(row(page, "cpu")).containsText("never set");
        assertThat(row(page, "cpu").locator("td.n")).hasText("2");
        page.click(".pager >> text=next ›");
        assertThat(page.locator("#metrics tbody tr")).hasCount(4);
        assertThat(row(page, "m52")).isVisible();
        page.click(".pager >> text=‹ previous");
        assertThat(row(page, "bytes")).isVisible();

        // the question says what a change does; declined, nothing is stored
        List<String> asked = new ArrayList<>();
        row(page, "cpu").locator("select").selectOption("max");
        page.onceDialog(d -> {
            asked.add(d.message());
            d.dismiss();
        });
        row(page, "cpu").locator("button").click();
        page.waitForCondition(() -> asked.size() == 1);
        assertTrue(asked.get(0).contains("Its 2 series relearn their stored windows"), asked.get(0));
        assertTrue(asked.get(0).contains("open anomaly event of the metric closes"), asked.get(0));
        assertEquals(0, db.count("select count(*) from metric_aggregation"));

        row(page, "bytes").locator("select").selectOption("sum");
        page.onceDialog(d -> d.accept());
        row(page, "bytes").locator("button").click();
        assertThat(row(page, "bytes").locator("td.aggregation")).hasText("sum");
        assertThat(page.locator("#metric-result")).containsText("“bytes” is judged on the sum now");
        assertThat(row(page, "bytes")).not().containsText("never set");
        assertEquals(1, db.count("select count(*) from metric_aggregation where metric = 'bytes' and aggregation = 'sum'"));
        Browser.screenshot(page, "metrics");

        // the tab's key loses the admin role: the change is refused with the API's code, and another key retries it
        page.evaluate("k => sessionStorage.setItem('vigil.apiKey', k)", KeyedProfile.READ);
        row(page, "cpu").locator("select").selectOption("max");
        page.onceDialog(d -> d.accept());
        row(page, "cpu").locator("button").click();
        assertThat(page.locator("#metric-result")).containsText("lacks the role admin");
        assertThat(page.locator("#metric-result code")).hasText("Forbidden");
        assertEquals(0, db.count("select count(*) from metric_aggregation where metric = 'cpu'"));
        page.click("#metric-result button.use-key");
        page.fill("#api-key", KeyedProfile.ADMIN);
        page.click("#key-form button[type=submit]");
        assertThat(row(page, "cpu").locator("td.aggregation")).hasText("max");
        assertEquals(1, db.count("select count(*) from metric_aggregation where metric = 'cpu' and aggregation = 'max'"));

        // a metric whose series are gone since the list was drawn: the API's refusal, code and message, nothing stored
        db.exec("delete from series where metric = 'm01'");
        row(page, "m01").locator("select").selectOption("last");
        page.onceDialog(d -> d.accept());
        row(page, "m01").locator("button").click();
        assertThat(page.locator("#metric-result code")).hasText("UnknownMetric");
        assertThat(page.locator("#metric-result")).containsText("no series has the metric m01");
        assertThat(page.locator("#metric-result")).hasAttribute("data-state", "error");
        assertEquals(0, db.count("select count(*) from metric_aggregation where metric = 'm01'"));
        page.context().close();
    }

    private static Locator row(Page page, String metric) {
        return page.locator("#metrics tr[data-metric='" + metric + "']");
    }
}
