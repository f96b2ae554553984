package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.storage.WindowHistory;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import dev.vigil.testing.Series;
import dev.vigil.testing.StepDetector;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A change point on the series chart, in a real headless Chromium: a level shift stored by the pipeline (the
 * {@link StepDetector} makes it one) is drawn as a vertical line at its window, with a legend entry that hides it.
 */
@QuarkusTest
class ChangePointBrowserTest {

    static Browser browser;

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    DetectionConfig config;
    @Inject
    WindowHistory history;
    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void launch() {
        browser = Browser.start();
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aLevelShiftIsMarkedOnTheChartWithALegendEntry() {
        db.reset();
        StepDetector.install(config, history);
        Readings.post("load", Map.of("meter", "m1"), 0, 280, i -> i < 200 ? 10 : 30);
        run.run(Series.nowAfter(280));
        String id = given().queryParam("q", "meter=m1").get("/api/v1/series").then().extract().path("items[0].id");

        Page page = browser.page();
        page.navigate(root + "dashboard/#/series/" + id);
        assertThat(page.locator("#chart-box")).hasAttribute("data-rendered", "true");
        assertThat(page.locator("#change-point-count")).hasText("1");
        Object drawn = page.evaluate("() => { const o = window.vigilChart.getOption();"
                + " const s = o.series.find(x => x.name === 'change points');"
                + " return [o.legend[0].data.join(','), s.markLine.data.map(d => d.xAxis).join(','),"
                + "   s.markLine.data.map(d => d.name).join(',')]; }");
        assertEquals(java.util.List.of("value,expected,band,anomalies,change points",
                Long.toString(Series.windowStart(200).toEpochMilli()), "level ↑ 20"), drawn);
        Browser.screenshot(page, "series-change-point");
        page.context().close();
    }
}
