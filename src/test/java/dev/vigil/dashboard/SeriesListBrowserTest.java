package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The series list of a large fleet in a real Chromium: its pages as the address counts them, going to one, a search
 * for a scope of two dimensions, and a hint for a metric name that is not exact.
 */
@QuarkusTest
class SeriesListBrowserTest {

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @TestHTTPResource("/")
    URL root;

    /** 120 series: cpu and mem of 60 hosts, in two regions and three data centres. */
    static void fleet(Db db) {
        db.exec("insert into series (id, series_key, metric, dimensions) select g + o, m || '{dc=dc' || (g % 3 + 1)"
                + " || ',host=h' || g || ',region=' || case when g % 2 = 0 then 'eu-west' else 'us-east' end || '}',"
                + " m, jsonb_build_object('dc', 'dc' || (g % 3 + 1), 'host', 'h' || g, 'region',"
                + " case when g % 2 = 0 then 'eu-west' else 'us-east' end)"
                + " from generate_series(1, 60) g, (values ('cpu', 0), ('mem', 1000)) v(m, o)");
    }

    @Test
    void pagesAreCountedFromOneAndAnyCanBeGoneTo() {
        db.reset();
        fleet(db);
        Page page = browser.page();
        page.navigate(root + "dashboard/#/series?sort=key&page=2");
        assertThat(page.locator(".pager span")).containsText("page 2 of 3");
        page.click(".pager >> text=next ›");
        assertTrue(page.url().contains("page=3"), page.url());
        assertThat(page.locator(".pager span")).containsText("page 3 of 3");
        page.fill("#page-form [name=page]", "1");
        page.click("#page-form button");
        assertThat(page.locator(".pager span")).containsText("page 1 of 3");
        assertTrue(!page.url().contains("page="), page.url());
        page.context().close();
    }

    @Test
    void aScopeOfTwoDimensionsMatchesAndAnInexactMetricIsHinted() {
        db.reset();
        fleet(db);
        Page page = browser.page();
        // hosts 6, 12, … 60 are in eu-west and dc1: 10 hosts, cpu and mem
        page.navigate(root + "dashboard/#/series?q=region%3Deu-west%2Cdc%3Ddc1");
        assertThat(page.locator(".pager span")).containsText("20 series");
        page.navigate(root + "dashboard/#/series?q=region%3Deu-west%2Cdc%3Ddc1&metric=CPU");
        assertThat(page.locator("[data-state=empty]")).containsText("Metric names are exact: did you mean cpu?");
        page.click("[data-state=empty] a");
        assertThat(page.locator(".pager span")).containsText("60 series");
        page.context().close();
    }
}
