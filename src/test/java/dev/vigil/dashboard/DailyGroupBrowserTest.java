package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.vigil.groups.GroupTraining;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Browser;
import dev.vigil.testing.DailyMeters;
import dev.vigil.testing.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A daily group's entity page, in a real headless Chromium, opens on 90 days as a daily series' page does: its
 * default of 24 hours held one row of the group and none of its anomalies.
 */
@QuarkusTest
class DailyGroupBrowserTest {

    static final int HISTORY = 120;
    static final int END = HISTORY + 14;
    static final int FAULT = HISTORY + 11;

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
    void aDailyGroupsEntityOpensOnNinetyDaysWithItsAnomaly() {
        db.reset();
        given().contentType("application/json").body("{\"name\":\"site-meters\",\"metrics\":[\"energy_kwh\"],"
                + "\"by\":[\"site\"],\"step\":\"P1D\",\"trainingSpan\":\"P120D\"}").post("/api/v1/admin/groups")
                .then().statusCode(201);
        DailyMeters.post(0, HISTORY, FAULT);
        training.trainNew(DailyMeters.morning(HISTORY));
        DailyMeters.post(HISTORY, END, FAULT);
        run.run(DailyMeters.morning(END));
        String entity = given().get("/api/v1/groups/site-meters/entities").then().statusCode(200).extract()
                .path("[0].entityId");

        Page page = browser.page();
        page.navigate(root + "dashboard/#/groups/site-meters/" + entity);
        assertThat(page.locator("#group-chart")).hasAttribute("data-rendered", "true");
        assertThat(page.locator("#model-status")).containsText("step P1D");
        assertThat(page.locator(".preset.active")).hasText("90d");
        assertEquals(List.of("6h", "24h", "7d", "30d", "90d"), page.locator(".preset").allTextContents());
        String fault = DailyMeters.day(FAULT).toString().replace("T", " ").replace("Z", " UTC");
        assertThat(page.locator("#group-anomalies tbody tr:has-text('" + fault + "')")).hasCount(1);
        Browser.screenshot(page, "daily-group-entity");

        // a chosen preset stays chosen
        page.navigate(root + "dashboard/#/groups/site-meters/" + entity + "?range=7d");
        assertThat(page.locator(".preset.active")).hasText("7d");
    }
}
