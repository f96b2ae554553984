package dev.vigil.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;

import com.microsoft.playwright.Page;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's path in Chromium over a smaller fleet (120 meters, 18 days of hourly readings): after detection the
 * feeder sag is one incident with the feeder as its root cause, and the meter stuck at zero is listed.
 */
@QuarkusTest
class MeterFleetBrowserTest {

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @TestHTTPResource("/")
    URL root;

    @Test
    void theFeederSagIsOneIncidentWithTheFeederAsRootCauseAndTheStuckMeterIsVisible() {
        db.reset();
        Instant end = Instant.parse("2026-10-20T00:00:00Z");
        MeterFleet fleet = new MeterFleet(120, end, Duration.ofDays(18), Duration.ofHours(1), 1);
        List<String> batch = new ArrayList<>();
        for (long i = 0; i < fleet.steps(); i++) {
            fleet.at(i).forEach(r -> batch.add(r.json()));
            if (batch.size() >= 9000 || i == fleet.steps() - 1) {
                given().contentType("application/json").body("[" + String.join(",", batch) + "]").post("/readings")
                        .then().statusCode(200);
                batch.clear();
            }
        }
        Instant now = end.plus(Duration.ofMinutes(10));
        while (run.run(now).windowsScored() > 0) {
            now = now.plus(Duration.ofMinutes(15));
        }

        Page page = browser.page();
        page.navigate(root + "dashboard/#/incidents");
        String sag = "feeder=" + MeterFleet.feeder(MeterFleet.SAG_FEEDER * 20);
        assertThat(page.locator("#incidents a[data-scope='" + sag + "']")).hasCount(1);
        assertThat(page.locator("#incidents")).containsText(MeterFleet.meter(MeterFleet.STUCK));
        Browser.screenshot(page, "fleet-incidents");
        page.click("#incidents a[data-scope='" + sag + "']");
        assertThat(page.locator("#root-cause tbody tr").first()).containsText(sag);
        assertThat(page.locator("#incident-series tbody tr")).hasCount(20);
        Browser.screenshot(page, "fleet-feeder-sag");
        page.context().close();
    }
}
