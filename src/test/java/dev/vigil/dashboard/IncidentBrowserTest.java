package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.vigil.alerting.IncidentsTest;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.storage.ScoringStore;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incidents in a real Chromium: the list, one incident with its timeline and root-cause ranking (the sagging
 * feeder first), and the feedback buttons on an incident and on an anomaly of the series view; an incident of
 * thousands of series; a window that continues a flagged event.
 */
@QuarkusTest
class IncidentBrowserTest {

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @Inject
    ScoringStore scoring;
    @TestHTTPResource("/")
    URL root;

    @Test
    void listsIncidentsOpensOneAndTakesFeedback() {
        db.reset();
        IncidentsTest.fleet();
        run.run(Series.nowAfter(IncidentsTest.END));
        Page page = browser.page();
        page.navigate(root + "dashboard/#/incidents");
        assertThat(page.locator("#incidents")).containsText("feeder=f2");
        Browser.screenshot(page, "incidents");

        page.click("#incidents a[data-scope='feeder=f2']");
        assertThat(page.locator("#root-cause tbody tr").first()).containsText("feeder=f2");
        assertThat(page.locator("#incident-series tbody tr")).hasCount(6);
        assertTrue(page.locator("#incident-timeline circle").count() >= 6, "a dot per anomaly");
        Browser.screenshot(page, "incident");

        page.fill("#feedback-comment", "planned feeder switching");
        // a double click stores the feedback once: the buttons wait for the answer
        page.dblclick("#feedback button[data-kind=notAnomaly]");
        assertThat(page.locator("#feedback-result")).hasAttribute("data-sent", "notAnomaly");
        assertThat(page.locator("#feedback-result")).containsText("6 series");
        page.waitForTimeout(500);
        assertEquals(6, db.count("select count(*) from feedback where kind = 'notAnomaly' and given_by = 'anonymous' "
                + "and comment = 'planned feeder switching'"));
        // the same act again stores nothing (200), and the page says so instead of "Recorded"
        page.click("#feedback button[data-kind=notAnomaly]");
        assertThat(page.locator("#feedback-result")).containsText("Already recorded: notAnomaly for 6 series");
        assertEquals(6, db.count("select count(*) from feedback where comment = 'planned feeder switching'"));
        // after a reload the incident says what was given, so it is not given again unknowingly
        page.reload();
        assertThat(page.locator("#feedback-given")).containsText("notAnomaly by anonymous");
        assertThat(page.locator("#feedback-given")).containsText("planned feeder switching");
        // withdrawn from the same line: every row of the act goes (one per series), and the line with it
        page.onceDialog(dialog -> dialog.accept());
        page.click("#feedback-given [data-withdraw]");
        assertThat(page.locator("#feedback-result")).hasAttribute("data-sent", "withdrawn");
        assertThat(page.locator("#feedback-given")).isHidden();
        assertEquals(0, db.count("select count(*) from feedback where comment = 'planned feeder switching'"));

        // a series of the incident opens at its own anomaly of the incident
        String link = page.locator("#incident-series a").first().getAttribute("href");
        String seriesId = link.replaceAll("#/series/([^?]*)\\?.*", "$1");
        String at = java.net.URLDecoder.decode(link.replaceAll(".*[?&]at=([^&]*).*", "$1"),
                java.nio.charset.StandardCharsets.UTF_8);
        io.restassured.path.json.JsonPath incident = io.restassured.RestAssured.given()
                .get("/api/v1/incidents/" + page.url().replaceAll(".*#/incidents/", "")).jsonPath();
        assertTrue(incident.getList("timeline.findAll { it.seriesId == '" + seriesId + "' }.windowStart").stream()
                .anyMatch(t -> java.time.Instant.parse((String) t).equals(java.time.Instant.parse(at))), link);
        page.locator("#incident-series a").first().click();
        assertThat(page.locator("#anomaly-detail")).isVisible();
        assertThat(page.locator("#selected-title")).containsText("Anomaly at");
        assertThat(page.locator("#anomaly-detail .sev")).not().hasText("0");
        page.click("#detail-box button[data-kind=anomaly]");
        assertThat(page.locator("#feedback-result")).hasAttribute("data-sent", "anomaly");
        assertEquals(1, db.count("select count(*) from feedback where kind = 'anomaly'"));
        page.reload();
        assertThat(page.locator("#feedback-given")).containsText("anomaly by anonymous");

        // a window the detector did not flag reads as a window, and takes no feedback of its own
        String plain = io.restassured.RestAssured.given().get("/api/v1/series/" + seriesId + "/chart").jsonPath()
                .getString("points.find { !it.anomaly }.start");
        page.navigate(root + "dashboard/#/series/" + seriesId + "?at=" + plain);
        assertThat(page.locator("#selected-title")).containsText("Window at");
        assertThat(page.locator("#window-note")).containsText("did not flag");
        assertThat(page.locator("#detail-box #feedback")).hasCount(0);
        page.click("#select-range");
        assertThat(page.locator("#feedback-range")).isVisible();
        page.context().close();
    }

    /** An incident of 3,000 series (as a fleet-wide voltage dip makes): stored directly, no detection needed. */
    static final String BIG = "7d0b4a51-0000-4000-8000-000000003000";

    static void bigIncident(Db db) {
        db.exec("insert into series (id, series_key, metric, dimensions) select 1000000 + g, 'voltage,meter=m' || g"
                + " || ',region=north', 'voltage', jsonb_build_object('meter', 'm' || g, 'region', 'north')"
                + " from generate_series(1, 3000) g");
        db.exec("insert into incident (id, scope, status, first_window, last_window, peak_severity, series_count,"
                + " anomaly_count, version, root_cause) values ('" + BIG + "', '{\"region\": \"north\"}', 'open',"
                + " '2026-11-30T10:00:00Z', '2026-11-30T11:05:00Z', 0.95, 3000, 6000, 1, '{\"dimensions\": [{\"key\":"
                + " \"region\", \"value\": \"north\", \"score\": 1, \"anomalous\": 3000, \"total\": 3000}],"
                + " \"series\": []}')");
        db.exec("insert into incident_anomaly (series_id, window_start, incident_id, severity)"
                + " select 1000000 + g, timestamptz '2026-11-30T10:00:00Z' + (g % 12 + k) * interval '5 minutes', '"
                + BIG + "', case when g <= 3 then 0.95 else 0.5 + (g % 40) / 100.0 end"
                + " from generate_series(1, 3000) g, generate_series(0, 1) k");
    }

    /** A fault along two dimensions: the stored pair ranks above the single values, on the incident and in the list. */
    @Test
    void aPairOfDimensionValuesRanksWithTheSingleOnes() {
        db.reset();
        String id = "7d0b4a51-0000-4000-8000-000000000002";
        db.exec("insert into series (id, series_key, metric, dimensions) select 2000000 + g, 'latency,host=h' || g"
                + " || ',region=eu-west,service=api', 'latency', jsonb_build_object('host', 'h' || g, 'region', 'eu-west',"
                + " 'service', 'api') from generate_series(1, 2) g");
        db.exec("insert into incident (id, scope, status, first_window, last_window, peak_severity, series_count,"
                + " anomaly_count, version, root_cause) values ('" + id + "', '{\"region\": \"eu-west\"}', 'open',"
                + " '2026-11-30T10:00:00Z', '2026-11-30T10:05:00Z', 0.9, 2, 2, 1, '{\"dimensions\": [{\"key\":"
                + " \"service\", \"value\": \"api\", \"score\": 0.45, \"anomalous\": 10, \"total\": 20}, {\"key\":"
                + " \"region\", \"value\": \"eu-west\", \"score\": 0.37, \"anomalous\": 11, \"total\": 30}],"
                + " \"series\": [], \"combinations\": [{\"dimensions\": {\"region\": \"eu-west\", \"service\":"
                + " \"api\"}, \"score\": 0.91, \"anomalous\": 10, \"total\": 10}]}')");
        db.exec("insert into incident_anomaly (series_id, window_start, incident_id, severity)"
                + " select 2000000 + g, timestamptz '2026-11-30T10:00:00Z', '" + id + "', 0.9 from generate_series(1, 2) g");
        Page page = browser.page();
        page.navigate(root + "dashboard/#/incidents/" + id);
        assertThat(page.locator("#root-cause tbody tr")).hasCount(3);
        assertThat(page.locator("#root-cause tbody tr").first()).containsText("region=eu-west");
        assertThat(page.locator("#root-cause tbody tr").first()).containsText("service=api");
        assertThat(page.locator("#root-cause tbody tr").nth(1)).not().containsText("region=eu-west");
        page.navigate(root + "dashboard/#/incidents");
        assertThat(page.locator("#incidents tbody tr").first()).containsText("region=eu-west · service=api");
        page.context().close();
    }

    @Test
    void anIncidentOfThousandsOfSeriesShowsItsRootCauseFirstAndPagesItsSeries() {
        db.reset();
        bigIncident(db);
        Page page = browser.page();
        page.navigate(root + "dashboard/#/incidents/" + BIG);
        assertThat(page.locator("#root-cause tbody tr").first()).containsText("region=north");
        Browser.screenshot(page, "incident-3000");
        assertTrue(page.locator("#root-cause").boundingBox().y < page.locator("#incident-timeline").boundingBox().y,
                "the root cause comes before the timeline");
        assertThat(page.locator("#incident-timeline text")).hasCount(25);
        assertThat(page.locator("#timeline-more")).containsText("+2,975 more series");
        int tall = ((Number) page.evaluate("() => document.documentElement.scrollHeight")).intValue();
        assertTrue(tall < 3000, "the page is " + tall + " px tall");

        assertThat(page.locator("#incident-series tbody tr")).hasCount(20);
        assertThat(page.locator("#incident-series-pager")).containsText("series 1–20 of 3,000");
        assertThat(page.locator("#incident-series tbody tr").first()).containsText("m1");
        // each series holds about 0.03 % of the severity: not "0 %"
        assertThat(page.locator("#incident-series tbody tr").first()).containsText("<0.1 %");
        assertEquals("0.1 %,12.3 %,<0.1 %", page.evaluate("() => import('/dashboard/incidents.js')"
                + ".then(m => [m.share(0.00051), m.share(0.1234), m.share(0.000333)].join(','))"));
        page.click("#incident-series-pager >> text=next ›");
        assertThat(page.locator("#incident-series-pager")).containsText("series 21–40 of 3,000");
        assertThat(page.locator("#incident-series tbody tr")).hasCount(20);
        page.context().close();

        io.restassured.RestAssured.given().get("/api/v1/incidents/" + BIG + "/series?offset=2990&limit=50").then()
                .statusCode(200).body("size()", org.hamcrest.Matchers.is(10));
        io.restassured.RestAssured.given().get("/api/v1/incidents/" + BIG + "/series?limit=501").then()
                .statusCode(400);
    }

    @Test
    void aWindowThatContinuesAFlaggedEventSaysSo() {
        db.reset();
        Series.steady("flow", "a", 6, 1);
        long series = db.count("select id from series");
        // window 1 is flagged; 2 to 4 stay beyond its band, above it, and are not flagged again; 5 is back
        double[] values = {10, 100, 100, 100, 100, 10};
        java.util.List<ScoringStore.ResultRow> results = new java.util.ArrayList<>();
        for (int w = 0; w < values.length; w++) {
            java.time.Instant t = Series.windowStart(w);
            results.add(new ScoringStore.ResultRow(series, t, "vigil-test", 1, values[w], 10, 5, 15, w == 1,
                    w == 1 ? 0.9 : 0, 1, false, t, w == 1 ? "value" : null));
        }
        scoring.saveResults(results);
        Page page = browser.page();
        page.navigate(root + "dashboard/#/series/" + series + "?at=" + Series.windowStart(3));
        assertThat(page.locator("#window-note")).containsText("it continues the event flagged at");
        page.click("#select-flag");
        assertThat(page.locator("#selected-title")).containsText("Anomaly at");
        page.navigate(root + "dashboard/#/series/" + series + "?at=" + Series.windowStart(5));
        assertThat(page.locator("#window-note")).containsText("did not flag");
        assertThat(page.locator("#window-note")).not().containsText("continues");
        page.context().close();
    }
}
