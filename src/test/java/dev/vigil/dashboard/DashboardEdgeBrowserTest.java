package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a hostile walk of the dashboard found, in a real Chromium: a slow page never lands over a newer one, malformed
 * addresses and pages past the last say so, a refused range shows the API's reason, a warming detector says so, the
 * chart's axes are in UTC under another browser zone and format extreme values, right-to-left and direction-control
 * text is isolated, long keys keep the page within the window at 1400 and 375 px, and a backend that does not answer
 * is said to be so, with a retry.
 */
@QuarkusTest
class DashboardEdgeBrowserTest {

    static final String RTL = "مرحبا עברית 🔥";
    static final String SPOOF = "abc\u202Egpj.exe";

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @TestHTTPResource("/")
    URL root;

    @Test
    void aSlowPageNeverLandsOverANewerOneAndOddAddressesSaySo() {
        db.reset();
        Series.steady("flow", "a", 12, 1);
        Page page = browser.page();
        page.navigate(root + "dashboard/#/rules");
        assertThat(page.locator("#rules")).isVisible();
        assertThat(page.getByLabel("on the last")).hasCount(1);

        // the series list's answer is held back while the user moves on to the rules
        List<Route> held = new ArrayList<>();
        page.route(url -> url.contains("/api/v1/series?"), held::add);
        page.click("header >> text=Series");
        assertThat(page.locator("#loading")).isVisible();
        page.click("header >> text=Alert rules");
        assertThat(page.locator("#rules")).isVisible();
        assertEquals(1, held.size());
        try {
            held.get(0).resume();
        } catch (RuntimeException aborted) {
            // the page gave the request up when the user moved on: nothing more can come of it
        }
        page.waitForTimeout(1000);
        assertThat(page.locator("#series-table")).hasCount(0);
        assertThat(page.locator("#rules")).isVisible();
        assertTrue(page.url().endsWith("#/rules"), page.url());
        page.unrouteAll();

        page.navigate(root + "dashboard/#/incidents/%");
        assertThat(page.locator("[data-state=empty]")).containsText("malformed escape");
        page.navigate(root + "dashboard/#/groups/meters/%E0%A4%A");
        assertThat(page.locator("[data-state=empty]")).containsText("names no groups item");

        // every field has a label, and the severity badges' text is readable (WCAG AA: 4.5:1)
        page.navigate(root + "dashboard/#/series");
        assertThat(page.getByLabel("search")).hasCount(1);
        assertThat(page.getByLabel("metric")).hasCount(1);
        assertEquals("", page.evaluate(CONTRAST));

        // the address counts pages as the label does, from 1
        page.navigate(root + "dashboard/#/series?page=999");
        assertThat(page.locator("[data-state=empty]")).containsText("There is no page 999");
        page.click("#last-page");
        assertThat(page.locator("#series-table tbody tr")).hasCount(1);
        assertThat(page.locator(".pager")).containsText("page 1 of 1");

        String id = given().get("/api/v1/series").then().extract().path("items[0].id");
        page.navigate(root + "dashboard/#/series/" + id + "?from=garbage&to=2026-10-02T00:00:00Z");
        assertThat(page.locator("[data-state=error]")).containsText("from");
        assertThat(page.locator("[data-state=error]")).not().containsText("There is no series");
        page.navigate(root + "dashboard/#/series/" + id + "?from=2026-01-01T00:00:00Z&to=2026-10-02T00:00:00Z");
        assertThat(page.locator("[data-state=error]")).containsText("Cannot show this range");
        page.navigate(root + "dashboard/#/series/4242");
        assertThat(page.locator("[data-state=error]")).containsText("There is no series");
        page.context().close();
    }

    @Test
    void aBackendThatDoesNotAnswerIsSaidToBeSoAndCanBeRetried() {
        db.reset();
        Page page = browser.page();
        // the overview's request is held, as a stopped server (kill -STOP) holds it
        List<Route> held = new ArrayList<>();
        page.route(url -> url.contains("/api/v1/overview"), held::add);
        page.navigate(root + "dashboard/#/");
        assertThat(page.locator("#loading")).containsText("still waiting for Vigil",
                new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
        assertThat(page.locator("[data-state=error]")).containsText("Vigil is not answering (waited 15 s)",
                new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        Browser.screenshot(page, "not-answering");
        page.unrouteAll();
        page.click("#retry");
        assertThat(page.locator("[data-stat=series]")).hasText("0");
        page.context().close();
    }

    @Test
    void theSeriesViewSaysWarmUpAndDrawsInUtcWhateverTheBrowserZone() {
        db.reset();
        // three days of 5-minute data: the detector is still learning
        Series.steady("flow", "a", 864, 1);
        run.run(Series.nowAfter(864));
        String id = given().get("/api/v1/series").then().extract().path("items[0].id");
        Page first = browser.page();
        com.microsoft.playwright.Browser chromium = first.context().browser();
        first.context().close();
        Page page = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1400, 900).setTimezoneId("Asia/Kolkata")).newPage();
        page.navigate(root + "dashboard/#/series/" + id);
        assertThat(page.locator("#chart-box")).hasAttribute("data-rendered", "true");
        assertThat(page.locator("#warming-up")).containsText("warming up");
        // every time label on the axis is the UTC time of its tick (Kolkata is 5:30 ahead)
        Object mismatched = page.evaluate("() => { const c = window.vigilChart;"
                + " if (c.getOption().useUTC !== true) return 'useUTC not set';"
                + " const axis = c.getModel().getComponent('xAxis', 0).axis;"
                + " return axis.getViewLabels().filter(l => /^\\d\\d:\\d\\d$/.test(l.formattedLabel))"
                + "   .filter(l => new Date(l.tickValue).toISOString().slice(11, 16) !== l.formattedLabel)"
                + "   .map(l => l.formattedLabel).join(','); }");
        assertEquals("", mismatched);
        // the value axis uses the page's number format
        assertEquals("1.00e-300,1.50e+99", page.evaluate("() => { const f = window.vigilChart.getOption().yAxis[0]"
                + ".axisLabel.formatter; return [f(1e-300), f(1.4999999999999998e+99)].join(','); }"));
        page.context().close();
    }

    @Test
    void userTextIsIsolatedAndLongKeysKeepThePageInTheWindow() {
        db.reset();
        // a key of about 800 bytes: three dimensions of 250 characters
        String longValue = "x".repeat(250);
        given().contentType("application/json").body("[" + reading("\"host\": \"" + RTL + "\"") + "," + reading(
                "\"host\": \"" + longValue + "\", \"rack\": \"" + longValue + "\", \"room\": \"" + longValue + "\"")
                + "]").post("/readings").then().statusCode(200);
        given().contentType("application/json").body("{\"name\": \"" + "a-very-long-rule-name-".repeat(10)
                + "\", \"dimensions\": {\"host\": \"" + longValue + "\"}}").post("/api/v1/alert-rules").then()
                .statusCode(201);
        Page page = browser.page();
        page.navigate(root + "dashboard/#/series?sort=key");
        assertThat(page.locator("#series-table tbody tr")).hasCount(2);
        assertThat(page.locator("#series-table bdi", new Page.LocatorOptions().setHasText(RTL))).hasCount(1);
        // a direction control shows as its code (whether ingest takes one is its own matter)
        assertEquals("<bdi>abc[U+202E]gpj.exe</bdi>", page.evaluate("s => import('/dashboard/format.js')"
                + ".then(m => m.user(s))", SPOOF));
        String longSeries = given().queryParam("q", "rack").get("/api/v1/series").then().extract().path("items[0].id");
        for (int width : new int[] {1400, 375}) {
            page.setViewportSize(width, 900);
            // the rules page last: its edit button is clicked next
            for (String route : List.of("#/series/" + longSeries, "#/series?sort=key", "#/rules")) {
                page.navigate(root + "dashboard/" + route);
                assertThat(page.locator("#view")).hasAttribute("data-ready", "true");
                Object wide = page.evaluate("() => document.documentElement.scrollWidth");
                assertTrue(((Number) wide).intValue() <= width, route + " at " + width + " px is " + wide + " px wide");
                Browser.screenshot(page, "layout-" + route.replaceAll("\\W+", "") + "-" + width);
            }
            page.locator("#rules button[data-edit]").first().click();
            assertThat(page.locator("#rule-form-title")).containsText("Edit rule");
        }
        page.context().close();
    }

    /** The badge classes whose text is below 4.5:1 against their background, comma-separated. */
    static final String CONTRAST = "() => { const lum = c => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map(v => {"
            + " v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });"
            + " return 0.2126 * r + 0.7152 * g + 0.0722 * b; };"
            + " return ['sev-high', 'sev-mid', 'sev-low'].filter(k => { const s = document.createElement('span');"
            + " s.className = 'sev ' + k; s.textContent = '0.5'; document.body.append(s); const st = getComputedStyle(s);"
            + " const [a, b] = [lum(st.color), lum(st.backgroundColor)].sort((x, y) => y - x); s.remove();"
            + " return (a + 0.05) / (b + 0.05) < 4.5; }).join(','); }";

    private static String reading(String dimensions) {
        return "{\"metric\": \"load\", \"dimensions\": {" + dimensions + "}, \"timestamp\": \""
                + Series.START + "\", \"value\": 1}";
    }
}
