package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alert rules managed from the dashboard in a real Chromium: the default rule is shown, a rule is added with scope,
 * snooze and a maintenance period, a refused field is marked and nothing is stored, the rule is changed and deleted.
 */
@QuarkusTest
class RulesBrowserTest {

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @TestHTTPResource("/")
    URL root;

    @Test
    void addsChangesAndDeletesARuleAndMarksARefusedField() {
        db.reset();
        Page page = browser.page();
        page.navigate(root + "dashboard/#/rules");
        assertThat(page.locator("#rules tr[data-id=default]")).containsText("every series");

        page.fill("#rule-form [name=name]", "north voltage");
        page.fill("#rule-form [name=metric]", "voltage");
        page.fill("#rule-form [name=dimensions]", "region=north");
        page.fill("#rule-form [name=minSeverity]", "0.6");
        page.selectOption("#rule-form [name=direction]", "down");
        page.fill("#rule-form [name=snooze]", "4 hours");
        page.fill("#rule-form [name=maintenance]", "2026-12-06T01:00:00Z 2026-12-06T05:00:00Z feeder works");
        page.click("#rule-form button[type=submit]");
        assertThat(page.locator("#rule-result")).containsText("snooze");
        assertThat(page.locator("#rule-form [name=snooze]")).hasClass("invalid");
        assertEquals(0, db.count("select count(*) from alert_rule"), "a refused rule stores nothing");

        page.fill("#rule-form [name=snooze]", "PT4H");
        page.click("#rule-form button[type=submit]");
        assertThat(page.locator("#rules tr[data-name='north voltage']")).containsText("region=north");
        assertThat(page.locator("#rules tr[data-name='north voltage']")).containsText("feeder works");
        Browser.screenshot(page, "alert-rules");
        given().get("/api/v1/alert-rules").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].metric", equalTo("voltage")).body("[0].dimensions.region", equalTo("north"))
                .body("[0].direction", equalTo("down")).body("[0].snooze", equalTo("PT4H"))
                .body("[0].maintenance[0].comment", equalTo("feeder works"));

        page.click("#rules tr[data-name='north voltage'] button[data-edit]");
        assertThat(page.locator("#rule-form [name=metric]")).hasValue("voltage");
        page.fill("#rule-form [name=maxPerHour]", "20");
        page.click("#rule-form button[type=submit]");
        assertThat(page.locator("#rule-result")).containsText("Saved");
        given().get("/api/v1/alert-rules").then().body("size()", equalTo(1)).body("[0].maxPerHour", equalTo(20));

        page.onDialog(dialog -> dialog.accept());
        page.click("#rules tr[data-name='north voltage'] button[data-delete]");
        assertThat(page.locator("#rules tr[data-name='north voltage']")).hasCount(0);
        assertEquals(0, db.count("select count(*) from alert_rule"));
        page.context().close();
    }
}
