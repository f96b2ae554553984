package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.vigil.detection.fixtures.DailyKpi;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A daily series' page, in a real headless Chromium, opens on 90 days: its default range of 24 hours would hold one
 * window and draw no point.
 */
@QuarkusTest
class DailySeriesBrowserTest {

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @TestHTTPResource("/")
    URL root;

    @Test
    void aDailySeriesOpensOnNinetyDaysAndAFiveMinuteOneOnADay() {
        db.reset();
        Series.daily("kpi", "d1", 0, DailyKpi.values(40, 3));
        run.run(Series.day(39).plus(Duration.ofMinutes(10)));
        Series.steady("load", "f1", 12, 1);
        String daily = given().queryParam("q", "meter=d1").get("/api/v1/series").then().extract().path("items[0].id");
        given().get("/api/v1/series/" + daily + "/chart?span=P1D").then().statusCode(200)
                .body("stepSeconds", org.hamcrest.Matchers.equalTo(86_400));

        try (Browser browser = Browser.start()) {
            Page page = browser.page();
            page.navigate(root + "dashboard/#/series/" + daily);
            assertThat(page.locator("#chart-box")).hasAttribute("data-rendered", "true");
            assertThat(page.locator(".preset.active")).hasText("90d");
            Object drawn = page.evaluate("() => window.vigilChart.getOption().series"
                    + ".find(x => x.name === 'value').data.length");
            assertEquals(40, ((Number) drawn).intValue(), "every day of the series is drawn");
            assertEquals(List.of("6h", "24h", "7d", "30d", "90d"), page.locator(".preset").allTextContents());

            // a chosen preset stays chosen
            page.navigate(root + "dashboard/#/series/" + daily + "?range=7d");
            assertThat(page.locator(".preset.active")).hasText("7d");

            String fine = given().queryParam("q", "meter=f1").get("/api/v1/series").then().extract()
                    .path("items[0].id");
            page.navigate(root + "dashboard/#/series/" + fine);
            assertThat(page.locator(".toolbar")).containsText("windows");
            assertThat(page.locator(".preset.active")).hasText("24h");
        }
    }
}
