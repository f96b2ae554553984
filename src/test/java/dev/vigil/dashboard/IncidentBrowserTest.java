package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.vigil.alerting.IncidentsTest;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incidents in a real Chromium: the list, one incident with its timeline and root-cause ranking (the sagging
 * feeder first), and the feedback buttons on an incident and on an anomaly of the series view.
 */
@QuarkusTest
class IncidentBrowserTest {

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @TestHTTPResource("/")
    URL root;

    @Test
    void listsIncidentsOpensOneAndTakesFeedback() {
        db.reset();
        IncidentsTest.fleet();
        run.run(Series.nowAfter(IncidentsTest.END));
        Page page = browser.page();
        page.navigate(root + "dashboard/#/incidents");
        assertThat(page.locator("#incidents")).containsText("feeder=f2");
        Browser.screenshot(page, "incidents");

        page.click("#incidents a[data-scope='feeder=f2']");
        assertThat(page.locator("#root-cause tbody tr").first()).containsText("feeder=f2");
        assertThat(page.locator("#incident-series tbody tr")).hasCount(6);
        assertTrue(page.locator("#incident-timeline circle").count() >= 6, "a dot per anomaly");
        Browser.screenshot(page, "incident");

        page.fill("#feedback-comment", "planned feeder switching");
        page.click("#feedback button[data-kind=notAnomaly]");
        assertThat(page.locator("#feedback-result")).hasAttribute("data-sent", "notAnomaly");
        assertThat(page.locator("#feedback-result")).containsText("6 series");
        assertEquals(6, db.count("select count(*) from feedback where kind = 'notAnomaly' and given_by = 'anonymous' "
                + "and comment = 'planned feeder switching'"));

        page.locator("#incident-series a").first().click();
        assertThat(page.locator("#anomaly-detail")).isVisible();
        page.click("#detail-box button[data-kind=anomaly]");
        assertThat(page.locator("#feedback-result")).hasAttribute("data-sent", "anomaly");
        assertEquals(1, db.count("select count(*) from feedback where kind = 'anomaly'"));
        page.context().close();
    }
}
