package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.vigil.detection.fixtures.DailyKpi;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's coarse series are the server's: with {@code vigil.detection.coarse-step=PT6H} a 6-hourly series is
 * judged by the batch engine, and its page opens on 90 days as a daily one does (DailySeriesBrowserTest, default
 * PT12H), not on the 24 hours that would hold four of its windows.
 */
@QuarkusTest
@TestProfile(CoarseStepBrowserTest.SixHourCoarseStep.class)
class CoarseStepBrowserTest {

    public static class SixHourCoarseStep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.detection.coarse-step", "PT6H");
        }
    }

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @TestHTTPResource("/")
    URL root;

    @Test
    void aSixHourlySeriesOpensOnNinetyDaysWhenTheCoarseStepIsSixHours() {
        db.reset();
        double[] values = DailyKpi.values(160, 5);
        Series.every(Duration.ofHours(6), "kpi", "h6", values);
        run.run(Series.DAILY_START.plus(Duration.ofHours(6L * values.length)).plus(Duration.ofMinutes(10)));
        String id = given().queryParam("q", "meter=h6").get("/api/v1/series").then().extract().path("items[0].id");
        given().get("/api/v1/series/" + id + "/chart?span=P1D").then().statusCode(200)
                .body("stepSeconds", equalTo(21_600)).body("coarseStepSeconds", equalTo(21_600));

        Page page = browser.page();
        page.navigate(root + "dashboard/#/series/" + id);
        assertThat(page.locator("#chart-box")).hasAttribute("data-rendered", "true");
        assertThat(page.locator(".preset.active")).hasText("90d");
        Object drawn = page.evaluate("() => window.vigilChart.getOption().series"
                + ".find(x => x.name === 'value').data.length");
        assertEquals(160, ((Number) drawn).intValue(), "every 6-hour window of the 40 days is drawn");
    }
}
