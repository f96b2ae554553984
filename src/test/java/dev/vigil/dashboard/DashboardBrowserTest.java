package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.NabFile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard in a real headless Chromium: a replayed NAB file with a known failure, detection run, then the page
 * is driven as an operator would (overview, series list, series chart, anomaly detail). Screenshots go to
 * target/screenshots.
 */
@QuarkusTest
class DashboardBrowserTest {

    static final String FILE = "realKnownCause/machine_temperature_system_failure.csv";
    /**
     * NAB's labelled anomaly window of February 2014, the machine's failure (labels/combined_windows.json): the
     * newest labelled window, so its anomalies are among the overview's newest (vigil-likelihood flags it twice at
     * the pipeline's default sensitivity; the December window it flags falls off the overview's list of ten).
     */
    static final Instant KNOWN_FROM = Instant.parse("2014-02-07T14:55:00Z");
    static final Instant KNOWN_TO = Instant.parse("2014-02-09T14:05:00Z");

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @TestHTTPResource("/")
    URL root;

    @Test
    void fromTheOverviewToTheChartOfTheKnownFailure() {
        db.reset();
        List<NabFile.Row> rows = NabFile.replay(FILE, "temperature", "m1");
        Instant at = rows.get(rows.size() - 1).time().plus(Duration.ofDays(1));
        // Vigil was not running for a day, four days before the run: long enough ago to hold nothing now
        db.exec("insert into vigil_uptime values ('earlier', '%s', '%s'), ('later', '%s', '%s')".formatted(
                at.minus(Duration.ofDays(10)), at.minus(Duration.ofDays(5)), at.minus(Duration.ofDays(4)),
                at.plus(Duration.ofDays(1))));
        run.run(at);

        Page page = browser.page();
        page.navigate(root.toString()); // GET / redirects to the dashboard
        assertTrue(page.url().contains("/dashboard/"), page.url());
        assertThat(page.locator("[data-stat=series]")).hasText("1");
        assertThat(page.locator("#recent-anomalies tbody tr").first()).containsText("temperature{machine=m1}");
        // the run came a day after the file's last reading: the series is silent, and listed so
        assertThat(page.locator("[data-stat=silent]")).hasText("1");
        assertThat(page.locator("#silence tbody tr")).containsText("temperature{machine=m1}");
        assertThat(page.locator("#vigil-away")).containsText("Vigil was not running");
        Browser.screenshot(page, "overview");
        // the file ended long ago: its silence is dismissed, and the overview counts none
        page.click("#silence button[data-dismiss]");
        assertThat(page.locator("[data-stat=silent]")).hasText("0");
        assertThat(page.locator("#silence")).hasCount(0);
        assertEquals(1, db.count("select count(*) from series_silence where ended_by = 'dismissed'"));

        // the known anomaly is listed on the overview; its link opens the series centred on it, its detail open
        List<String> listed = page.locator("#recent-anomalies tbody tr td:first-child").allTextContents();
        String known = listed.stream().filter(DashboardBrowserTest::inKnownWindow).findFirst()
                .orElseThrow(() -> new AssertionError("the labelled anomaly is not on the overview: " + listed));
        page.click("#recent-anomalies tbody tr:has-text('" + known + "') >> a");
        assertThat(page.locator("#chart-box")).hasAttribute("data-rendered", "true");
        assertThat(page.locator("h1")).hasText("temperature{machine=m1}");
        assertThat(page.locator("#anomaly-detail")).containsText("severity");
        assertThat(page.locator("#series-anomalies tbody")).containsText(known);
        Browser.screenshot(page, "series-known-anomaly");

        page.click("header >> text=Series");
        assertThat(page.locator("#series-table tbody tr")).hasCount(1);
        Browser.screenshot(page, "series-list");
        page.click("#series-table >> text=temperature{machine=m1}");
        assertThat(page.locator("#chart-box")).hasAttribute("data-rendered", "true");

        page.click(".toolbar >> text=30d");
        page.waitForSelector("a.preset.active:text('30d')");
        assertThat(page.locator("#chart-box")).hasAttribute("data-rendered", "true");
        @SuppressWarnings("unchecked")
        Map<String, Object> drawn = (Map<String, Object>) page.evaluate("() => { const o = window.vigilChart.getOption();"
                + " const s = n => o.series.find(x => x.name === n);"
                + " return { names: o.series.map(x => x.name).join(','),"
                + "   band: s('band').data.filter(d => d[1] !== null).length, value: s('value').data.length,"
                + "   anomalies: s('anomalies').data.length, zoom: o.dataZoom.length }; }");
        assertEquals("lower,band,expected,value,anomalies,change points", drawn.get("names"));
        assertTrue(((Number) drawn.get("band")).intValue() > 1000, "band drawn: " + drawn);
        assertTrue(((Number) drawn.get("value")).intValue() > 1000, "values drawn: " + drawn);
        assertTrue(((Number) drawn.get("anomalies")).intValue() > 0, "anomaly markers drawn: " + drawn);
        assertEquals(2, ((Number) drawn.get("zoom")).intValue());

        // a rule's fixed limits are drawn as dashed lines at their values
        long rule = io.restassured.RestAssured.given().contentType("application/json")
                .body("{\"name\": \"machine limits\", \"metric\": \"temperature\", "
                        + "\"limits\": {\"lower\": 0, \"upper\": 120}}")
                .post("/api/v1/alert-rules").then().statusCode(201).extract().jsonPath().getLong("id");
        page.reload();
        assertThat(page.locator("#chart-box")).hasAttribute("data-rendered", "true");
        assertEquals("lower limit 0,upper limit 120", page.evaluate("() => window.vigilChart.getOption().series"
                + ".find(x => x.name === 'limits').markLine.data.map(d => d.name).join(',')"));
        io.restassured.RestAssured.given().delete("/api/v1/alert-rules/" + rule).then().statusCode(204);

        // the anomaly table of the range lists the markers' anomalies; a row's detail opens on click
        page.click("#series-anomalies tbody tr >> nth=0");
        assertThat(page.locator("#anomaly-detail")).containsText("expected");
        assertThat(page.locator("#anomaly-detail")).containsText("upper bound");
        assertThat(page.locator("#anomaly-detail")).containsText("detector");
        // the detail says which feature fired (the band alone does not always explain a flag)
        assertThat(page.locator("#anomaly-reason")).not().hasText("–");
        Browser.screenshot(page, "series-30d");

        // with no anomaly selected, the feedback buttons mark the shown range of the series
        page.click(".toolbar >> text=6h");
        page.waitForSelector("a.preset.active:text('6h')");
        assertThat(page.locator("#feedback-range")).isVisible();
        page.fill("#feedback-comment", "sensor serviced");
        page.click("#feedback button[data-kind=notAnomaly]");
        assertThat(page.locator("#feedback-result")).hasAttribute("data-sent", "notAnomaly");
        assertEquals(1, db.count("select count(*) from feedback where kind = 'notAnomaly' and comment = "
                + "'sensor serviced' and range_end - range_start = interval '6 hours'"));
        page.context().close();
    }

    @Test
    void emptyStatesAndErrorsAreShownNotABlankPage() {
        db.reset();
        Page page = browser.page();
        page.navigate(root + "dashboard/");
        assertThat(page.locator("[data-state=empty]")).containsText("No data yet");
        Browser.screenshot(page, "empty-overview");

        page.navigate(root + "dashboard/#/series/42");
        assertThat(page.locator("[data-state=error]")).containsText("Series not found");

        // the backend going away: every API call fails at the network level
        page.route("**/api/v1/**", route -> route.abort());
        page.navigate(root + "dashboard/#/series");
        assertThat(page.locator("[data-state=error]")).containsText("not reachable");
        Browser.screenshot(page, "backend-down");
        page.context().close();
    }

    /** The tables show "2013-12-16 15:40:00 UTC". */
    static boolean inKnownWindow(String shown) {
        Instant t = Instant.parse(shown.replace(" UTC", "Z").replace(' ', 'T'));
        return !t.isBefore(KNOWN_FROM) && t.isBefore(KNOWN_TO);
    }
}
