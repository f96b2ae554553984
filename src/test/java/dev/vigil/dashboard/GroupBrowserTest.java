package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.vigil.groups.GroupTraining;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.Meters;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The group view in a real headless Chromium: a meter with a fault in power and temperature, from the list of
 * groups to the entity's stacked charts and the bar chart of the anomaly's contributions, then feedback on the
 * entity's shown range. Screenshots go to target/screenshots.
 */
@QuarkusTest
class GroupBrowserTest {

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    GroupTraining training;
    @TestHTTPResource("/")
    URL root;

    @Test
    void fromTheGroupsToWhichVariablesCausedTheAnomaly() {
        db.reset();
        given().contentType("application/json").body("{\"name\":\"meters\",\"metrics\":[\"power\",\"current\","
                + "\"voltage\",\"temperature\"],\"by\":[\"meter\"]}").post("/api/v1/admin/groups").then().statusCode(201);
        Meters.post("m1", 0, 576, Integer.MAX_VALUE, 0, 7);
        Meters.post("m2", 0, 576, Integer.MAX_VALUE, 0, 8);
        training.trainNew(Meters.windowStart(576));
        Meters.post("m1", 576, 600, 590, 2.0, 7);
        Meters.post("m2", 576, 600, Integer.MAX_VALUE, 0, 8);
        run.run(Meters.windowStart(600).plus(Duration.ofMinutes(3)));

        Page page = browser.page();
        page.navigate(root + "dashboard/#/groups");
        assertThat(page.locator("#groups-table tbody tr").first()).containsText("meters");
        Browser.screenshot(page, "groups");
        page.click("#groups-table a:has-text('meters')");
        // the meter with the fault ranks first
        assertThat(page.locator("#entities-table tbody tr").first()).containsText("meters{meter=m1}");
        page.click("#entities-table tbody tr >> nth=0 >> a");

        assertThat(page.locator("#group-chart")).hasAttribute("data-rendered", "true");
        String fault = shown(Meters.windowStart(590));
        // a keyboard user selects the anomaly as a mouse user does
        page.focus("#group-anomalies tbody tr:has-text('" + fault + "')");
        page.keyboard().press("Enter");
        assertThat(page.locator("#contribution-chart")).hasAttribute("data-rendered", "true");
        List<String> top = page.locator("#contributors tbody tr td:first-child").allTextContents();
        assertEquals(Set.of("power", "temperature"), Set.of(top.get(0), top.get(1)));
        // the stacked charts share one time axis: one grid per variable, every axis linked
        Object grids = page.evaluate("() => window.vigilGroupChart.getOption().grid.length");
        assertEquals(4, ((Number) grids).intValue());
        Object bars = page.evaluate("() => window.vigilBars.getOption().yAxis[0].data.slice(-2)");
        assertEquals(Set.of("power", "temperature"), Set.copyOf((List<?>) bars));
        // each variable's value and expected value to its own scale (voltage, about 230, would flatten the others);
        // the real numbers are kept for the labels and the tooltip
        assertEquals(true, page.evaluate("() => { const o = window.vigilBars.getOption();"
                + " const d = n => o.series.find(x => x.name === n).data;"
                + " return [...d('value'), ...d('expected')].every(x => Math.abs(x.value) <= 1)"
                + "   && d('value').some(x => Math.abs(x.real) > 100); }"));
        // the axes are in UTC, as the tables are
        assertEquals(true, page.evaluate("() => window.vigilGroupChart.getOption().useUTC"));
        Browser.screenshot(page, "group-entity");

        // with no anomaly selected, the feedback buttons mark the entity's shown range (24 h ending at its newest window)
        page.click("#select-range");
        String shown = page.locator("#feedback-range").textContent();
        page.fill("#feedback-comment", "meter m1 serviced");
        page.click("#feedback button[data-kind=notAnomaly]");
        assertThat(page.locator("#feedback-result")).hasAttribute("data-sent", "notAnomaly");
        Browser.screenshot(page, "group-range-feedback");
        String entityId = page.url().substring(page.url().lastIndexOf('/') + 1);
        JsonPath stored = given().queryParam("group", "meters").queryParam("entityId", entityId)
                .get("/api/v1/feedback").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("meters"), stored.getList("group"));
        assertEquals(List.of(entityId), stored.getList("entityId"));
        assertEquals(List.of("meters{meter=m1}"), stored.getList("seriesKey"));
        assertEquals(List.of("meter m1 serviced"), stored.getList("comment"));
        Instant from = Instant.parse(stored.getString("[0].from"));
        Instant to = Instant.parse(stored.getString("[0].to"));
        assertEquals(Duration.ofDays(1), Duration.between(from, to));
        assertEquals(shown(from) + " – " + shown(to), shown);

        page.navigate(root + "dashboard/#/groups/nosuch");
        assertThat(page.locator("[data-state=error]")).containsText("Group not found");
        // a malformed entity id is the API's 400, said as it is
        page.navigate(root + "dashboard/#/groups/meters/abc");
        assertThat(page.locator("[data-state=error]")).containsText("Cannot show this entity");
        assertThat(page.locator("[data-state=error]")).containsText("entity");
    }

    /** As the dashboard writes a time: "2024-01-02 03:04:00 UTC". */
    private static String shown(Instant t) {
        return t.toString().replace("T", " ").replace("Z", " UTC");
    }
}
