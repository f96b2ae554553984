package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import dev.vigil.storage.ScoringStore;
import dev.vigil.storage.ScoringStore.ResultRow;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alert rules managed from the dashboard in a real Chromium: the default rule is shown, a rule is added with scope,
 * snooze and a maintenance period, a refused field is marked and nothing is stored, the rule is changed and deleted;
 * a rule is previewed on the last week's stored anomalies, and the preview stores nothing.
 */
@QuarkusTest
class RulesBrowserTest {

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @Inject
    ScoringStore scoring;
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
        page.fill("#rule-form [name=silence]", "PT2H");
        page.fill("#rule-form [name='limits.lower']", "207");
        page.fill("#rule-form [name='limits.upper']", "200");
        page.click("#rule-form button[type=submit]");
        assertThat(page.locator("#rule-form [name='limits.upper']")).hasClass("invalid");
        page.fill("#rule-form [name='limits.upper']", "253");
        page.fill("#rule-form [name='change.percent']", "0");
        page.click("#rule-form button[type=submit]");
        assertThat(page.locator("#rule-form [name='change.percent']")).hasClass("invalid");
        page.fill("#rule-form [name='change.percent']", "50");
        page.fill("#rule-form [name='change.windows']", "4");
        page.fill("#rule-form [name='change.ago']", "P7D");
        page.click("#rule-form button[type=submit]");
        assertThat(page.locator("#rule-form [name='change.ago']")).hasClass("invalid");
        page.fill("#rule-form [name='change.ago']", "");
        page.check("#rule-form [name=conditionsOnly]");
        // the edit form shows the period as a line; a recurring window is a line of its own
        assertThat(page.locator("#rule-form [name=maintenance]"))
                .hasValue("2026-12-06T01:00:00Z 2026-12-06T05:00:00Z feeder works");
        page.fill("#rule-form [name=maintenance]", "2026-12-06T01:00:00Z 2026-12-06T05:00:00Z feeder works\n"
                + "every saturday,sunday 22:00-06:00 Europe/Berlin weekend batch");
        page.click("#rule-form button[type=submit]");
        assertThat(page.locator("#rule-result")).containsText("Saved");
        assertThat(page.locator("#rules tr[data-name='north voltage']"))
                .containsText("every saturday, sunday 22:00–06:00 Europe/Berlin (weekend batch)");
        assertThat(page.locator("#rules tr[data-name='north voltage']"))
                .containsText("beyond ±50 % of 4 windows back");
        assertThat(page.locator("#rules tr[data-name='north voltage']")).containsText("conditions only");
        assertThat(page.locator("#rules tr[data-name='north voltage']")).containsText("PT2H");
        assertThat(page.locator("#rules tr[data-name='north voltage']")).containsText("below 207 · above 253");
        given().get("/api/v1/alert-rules").then().body("size()", equalTo(1)).body("[0].maxPerHour", equalTo(20))
                .body("[0].silence", equalTo("PT2H")).body("[0].limits.lower", equalTo(207.0f))
                .body("[0].limits.upper", equalTo(253.0f)).body("[0].change.percent", equalTo(50.0f))
                .body("[0].change.windows", equalTo(4)).body("[0].conditionsOnly", equalTo(true))
                .body("[0].maintenance[1].every", equalTo("week"))
                .body("[0].maintenance[1].days", equalTo(List.of("saturday", "sunday")))
                .body("[0].maintenance[1].timeZone", equalTo("Europe/Berlin"))
                .body("[0].maintenance[0].every", org.hamcrest.Matchers.nullValue());
        // and the form reads it back as it was written
        page.click("#rules tr[data-name='north voltage'] button[data-edit]");
        assertThat(page.locator("#rule-form [name=maintenance]")).hasValue("2026-12-06T01:00:00Z 2026-12-06T05:00:00Z "
                + "feeder works\nevery saturday,sunday 22:00-06:00 Europe/Berlin weekend batch");

        page.onDialog(dialog -> dialog.accept());
        page.click("#rules tr[data-name='north voltage'] button[data-delete]");
        assertThat(page.locator("#rules tr[data-name='north voltage']")).hasCount(0);
        assertEquals(0, db.count("select count(*) from alert_rule"));
        page.context().close();
    }

    @Test
    void savingAnUnchangedRuleFromTheFormStoresTheSameRule() {
        db.reset();
        // values the form's text must quote: a separator in a value, zones without a slash, a comment with a line
        // break, one whose first word is a zone, edge spaces, a quoted comment
        String rule = "{\"name\": \"odd, text\", \"dimensions\": {\"host\": \"x, y=z\", \"a=b\": \" q\\\"uote \"},"
                + " \"maintenance\": ["
                + "{\"every\": \"day\", \"start\": \"02:00\", \"end\": \"03:00\", \"timeZone\": \"GMT\", \"comment\": \"backup\"},"
                + "{\"every\": \"week\", \"days\": [\"sunday\"], \"start\": \"01:00\", \"end\": \"02:00\","
                + " \"timeZone\": \"CET\", \"comment\": \"line one\\nline two\"},"
                + "{\"every\": \"day\", \"start\": \"04:00\", \"end\": \"05:00\", \"timeZone\": \"Etc/GMT+5\","
                + " \"from\": \"2026-12-01T00:00:00Z\", \"comment\": \"GMT  twice spaced \"},"
                + "{\"every\": \"day\", \"start\": \"06:00\", \"end\": \"07:00\", \"comment\": \"UTC is fine\"},"
                + "{\"from\": \"2026-12-06T01:00:00Z\", \"to\": \"2026-12-06T05:00:00Z\", \"comment\": \"\\\"quoted\\\"\"}]}";
        long id = given().contentType("application/json").body(rule).post("/api/v1/alert-rules").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        String before = given().get("/api/v1/alert-rules/" + id).asString();

        Page page = browser.page();
        page.navigate(root + "dashboard/#/rules");
        page.click("#rules tr[data-id='" + id + "'] button[data-edit]");
        String dims = page.inputValue("#rule-form [name=dimensions]");
        assertTrue(dims.contains("host=\"x, y=z\"") && dims.contains("\"a=b\"=\" q\\\"uote \""), dims);
        page.click("#rule-form button[type=submit]");
        assertThat(page.locator("#rule-result")).hasText("Saved.");
        io.restassured.path.json.JsonPath was = io.restassured.path.json.JsonPath.from(before);
        io.restassured.path.json.JsonPath now = given().get("/api/v1/alert-rules/" + id).jsonPath();
        assertEquals(was.getMap("dimensions"), now.getMap("dimensions"));
        assertEquals(was.getList("maintenance"), now.getList("maintenance"));
        assertEquals("line one\nline two", now.getString("maintenance[1].comment"));
        assertEquals(List.of("GMT", "CET", "Etc/GMT+5", "UTC"), now.getList("maintenance.timeZone").subList(0, 4));
        page.context().close();
    }

    @Test
    void previewsARuleOnTheLastWeekWithoutStoringIt() {
        db.reset();
        Series.steady("flow", "a", 3, 1);
        long series = db.count("select id from series");
        // one event of five flagged windows an hour ago
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        List<ResultRow> flagged = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            Instant t = start.plus(Duration.ofMinutes(5L * w));
            flagged.add(new ResultRow(series, t, "vigil-test", 1, 100, 10, 5, 15, true, 0.9, 9, false, t, "value"));
        }
        scoring.saveResults(flagged);
        Page page = browser.page();
        page.navigate(root + "dashboard/#/rules");
        page.fill("#rule-form [name=name]", "pairs");
        page.fill("#rule-form [name=metric]", "flow");
        page.fill("#rule-form [name=minConsecutive]", "2");
        page.fill("#rule-form [name=snooze]", "4 hours");
        page.click("#rule-preview-run");
        assertThat(page.locator("#rule-form [name=snooze]")).hasClass("invalid");

        page.fill("#rule-form [name=snooze]", "PT1H");
        page.click("#rule-preview-run");
        // window 0 waits for a second, window 1 alerts, windows 2 to 4 are within the snooze
        assertThat(page.locator("#rule-preview-summary")).containsText("1 alert on 1 of 1 series, from 5 flagged");
        assertThat(page.locator("#rule-preview-outcomes")).containsText("snoozed");
        assertThat(page.locator("#rule-preview-top")).containsText("flow{meter=a}");
        assertThat(page.locator("#rule-preview-days tbody tr")).hasCount(1);
        Browser.screenshot(page, "alert-rule-preview");
        // a shorter period, for a rule whose conditions would read too much of a large fleet
        page.selectOption("#rule-preview-span", "24");
        // its answer awaited, not its request: a preview still running when the test ends meets the next test's reset
        Response asked = page.waitForResponse(r -> r.url().contains("/api/v1/alert-rules/preview"),
                () -> page.click("#rule-preview-run"));
        Instant from = Instant.parse(URLDecoder.decode(asked.url().replaceAll(".*[?&]from=([^&]*).*", "$1"),
                StandardCharsets.UTF_8));
        assertTrue(Math.abs(Duration.between(from, Instant.now().minus(Duration.ofDays(1))).toMinutes()) < 5,
                asked.url());
        assertThat(page.locator("#rule-preview-summary")).containsText("1 alert on 1 of 1 series, from 5 flagged");
        assertEquals(0, db.count("select count(*) from alert_rule"), "a preview stores no rule");
        assertEquals(0, db.count("select count(*) from alert_decision"), "and no decision");

        // a refused preview leaves no earlier table under its error
        page.fill("#rule-form [name=snooze]", "4 hours");
        page.click("#rule-preview-run");
        assertThat(page.locator("#rule-form [name=snooze]")).hasClass("invalid");
        assertThat(page.locator("#rule-preview-summary")).hasCount(0);
        page.context().close();
    }

    @Test
    void aRunningPreviewHoldsItsButtonCountsItsTimeAndStopsWhenAskedOrLeft() {
        db.reset();
        Series.steady("flow", "a", 3, 1);
        Page page = browser.page();
        page.navigate(root + "dashboard/#/rules");
        page.fill("#rule-form [name=name]", "slow");
        // the server is slow: the preview's request is held
        List<Route> held = new ArrayList<>();
        page.route(url -> url.contains("/api/v1/alert-rules/preview"), held::add);
        page.click("#rule-preview-run");
        assertThat(page.locator("#rule-preview-run")).isDisabled();
        assertThat(page.locator("#rule-result")).containsText(Pattern.compile("of the last 7 days… [1-9]\\d* s"));
        page.click("#rule-preview-stop");
        assertThat(page.locator("#rule-result")).hasText("Preview stopped.");
        assertThat(page.locator("#rule-preview-run")).isEnabled();
        assertThat(page.locator("#rule-preview-stop")).isHidden();

        // leaving the page gives a running preview up
        List<String> failed = new ArrayList<>();
        page.onRequestFailed(r -> failed.add(r.url()));
        page.click("#rule-preview-run");
        assertThat(page.locator("#rule-preview-run")).isDisabled();
        page.click("header >> text=Series");
        assertThat(page.locator("#series-table")).isVisible();
        page.waitForCondition(() -> failed.stream().anyMatch(u -> u.contains("/preview")));
        assertEquals(2, held.size(), "one request per click");
        page.unrouteAll();
        page.context().close();
    }
}
