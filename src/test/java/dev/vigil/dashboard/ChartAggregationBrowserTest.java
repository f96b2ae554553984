package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.Readings;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The series chart, in a real headless Chromium, draws a window not yet scored at the value its metric's aggregation
 * takes (README "Aggregation per metric"): a counter of three events per window at 3, not at the mean of ones.
 */
@QuarkusTest
class ChartAggregationBrowserTest {

    @Inject
    Db db;
    @TestHTTPResource("/")
    URL root;

    @Test
    void anUnscoredWindowIsDrawnAtItsMetricsAggregation() {
        db.reset();
        Readings.many("requests", Map.of("meter", "c1"), 0, 4, i -> 3, (i, k) -> 1);
        given().contentType("application/json").body("{\"aggregation\": \"sum\"}")
                .put("/api/v1/admin/metrics/requests").then().statusCode(200);
        String id = given().queryParam("q", "meter=c1").get("/api/v1/series").then().extract().path("items[0].id");

        try (Browser browser = Browser.start()) {
            Page page = browser.page();
            page.navigate(root + "dashboard/#/series/" + id);
            assertThat(page.locator("#chart-box")).hasAttribute("data-rendered", "true");
            Object drawn = page.evaluate("() => window.vigilChart.getOption().series"
                    + ".find(x => x.name === 'value').data.map(d => d[1])");
            assertEquals(List.of(3.0, 3.0, 3.0, 3.0),
                    ((List<?>) drawn).stream().map(v -> ((Number) v).doubleValue()).toList());
        }
    }
}
