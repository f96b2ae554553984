package dev.vigil.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The overview in a real Chromium as a walk over a large fleet saw it: a detection run still going reads as running,
 * not as failed shards; a fleet of silent series is counted, and all of them can be listed; a shared scope's silences
 * are dismissed together once confirmed; the page can be drawn again with new data.
 */
@QuarkusTest
class OverviewBrowserTest {

    @RegisterExtension
    static final Browser.Session browser = new Browser.Session();

    @Inject
    Db db;
    @TestHTTPResource("/")
    URL root;

    @Test
    void aRunStillGoingReadsAsRunningAndFailedShardsAsFailed() {
        db.reset();
        // of the configured 8 shards, one done, one failed and one still being scored; five not claimed yet
        db.exec("""
                insert into detection_claim (run_cutoff, shard, claimed_by, claimed_at, lease_until, completed_at,
                                             windows_scored, anomalies, failure) values
                ('2026-12-01T10:00:00Z', 0, 'a', now() - interval '1 minute', now() + interval '5 minutes', now(),
                 100, 2, null),
                ('2026-12-01T10:00:00Z', 1, 'a', now() - interval '1 minute', now() + interval '5 minutes', null,
                 null, null, 'scoring failed'),
                ('2026-12-01T10:00:00Z', 2, 'b', now() - interval '1 minute', now() + interval '5 minutes', null,
                 null, null, null)""");
        Page page = browser.page();
        page.navigate(root + "dashboard/#/");
        assertThat(page.locator("#run-state")).containsText("running since");
        assertThat(page.locator("#run-shards")).containsText("running (1 of 8 shards done, 1 failed)");
        Browser.screenshot(page, "overview-run-running");

        db.exec("update detection_claim set completed_at = now(), windows_scored = 50, anomalies = 0 where shard = 2");
        page.reload();
        assertThat(page.locator("#run-state")).not().containsText("running");
        assertThat(page.locator("#run-shards")).containsText("2 of 8 shards done, 1 failed, 5 not run");
        assertThat(page.locator("#run-failures")).containsText("scoring failed");
        page.context().close();
    }

    @Test
    void manySilentSeriesAreCountedAndCanAllBeListed() {
        db.reset();
        db.exec("insert into series (id, series_key, metric, dimensions) select g, 'power,meter=m' || g, 'power',"
                + " jsonb_build_object('meter', 'm' || g) from generate_series(1, 30) g");
        db.exec("insert into series_silence (series_id, last_window, step_seconds, detected_at, outcome, scope)"
                + " select g, timestamptz '2026-12-01T10:00:00Z', 300, now() - g * interval '1 second', 'alerted',"
                + " '{}' from generate_series(1, 30) g");
        Page page = browser.page();
        page.navigate(root + "dashboard/#/");
        assertThat(page.locator("[data-stat=silent]")).hasText("30");
        assertThat(page.locator("#silence tbody tr")).hasCount(20);
        assertThat(page.locator("#silence-count")).containsText("20 of 30 silent series");
        page.click("#silence-more");
        assertThat(page.locator("#silence tbody tr")).hasCount(30);
        assertThat(page.locator("#silence-count")).hasCount(0);
        page.context().close();
    }

    @Test
    void aSharedScopesSilencesAreDismissedTogetherAfterAConfirmStep() {
        db.reset();
        // feeder f07's five meters and f08's three fell silent together, a meter of f09 by itself
        db.exec("insert into series (id, series_key, metric, dimensions) select g, 'power{feeder=f0' || (6 + g / 10) "
                + "|| ',meter=m' || g || '}', 'power', jsonb_build_object('meter', 'm' || g, 'feeder', "
                + "'f0' || (6 + g / 10)) from (select unnest(array[10, 11, 12, 13, 14, 20, 21, 22, 30]) g) x");
        db.exec("insert into series_silence (series_id, last_window, step_seconds, detected_at, outcome, scope)"
                + " select id, timestamptz '2026-12-01T10:00:00Z', 300, timestamptz '2026-12-01T10:35:00Z',"
                + " case when id = 30 then 'alerted' else 'scoped' end,"
                + " case when id = 30 then null else jsonb_build_object('feeder', dimensions->>'feeder')::text end"
                + " from series");
        Page page = browser.page();
        page.navigate(root + "dashboard/#/");
        assertThat(page.locator("[data-stat=silent]")).hasText("9");
        assertThat(page.locator("#silence tr[data-id='30'] button[data-dismiss-scope]")).hasCount(0);

        // the confirm step declined: nothing ends
        page.click("#silence tr[data-id='10'] button[data-dismiss-scope]");
        assertThat(page.locator("#silence tbody tr")).hasCount(9);
        assertEquals(0, db.count("select count(*) from series_silence where ended_at is not null"));

        List<String> asked = new ArrayList<>();
        page.onDialog(dialog -> {
            asked.add(dialog.message());
            dialog.accept();
        });
        page.click("#silence tr[data-id='12'] button[data-dismiss-scope]");
        assertThat(page.locator("#silence-dismissed")).hasText("Dismissed 5 silent series of feeder=f07.");
        assertThat(page.locator("[data-stat=silent]")).hasText("4");
        assertThat(page.locator("#silence tbody tr")).hasCount(4);
        assertEquals(List.of("Dismiss every open silence of feeder=f07? Their series are not reported again for this "
                + "stop; a series that comes back and stops again is reported anew."), asked);
        assertEquals(5, db.count("select count(*) from series_silence where ended_by = 'dismissed'"));
        assertEquals(1, db.count("select count(*) from alert_outbox where payload->>'type' = "
                + "'dev.vigil.silence.scope.ended.v1' and payload->>'subject' = 'silence/feeder=f07'"));
        Browser.screenshot(page, "overview-silence-scope-dismissed");
        page.context().close();
    }

    @Test
    void theActiveLinkAndRefreshDrawThePageAgainWithNewData() {
        db.reset();
        Page page = browser.page();
        page.navigate(root + "dashboard/#/");
        assertThat(page.locator("[data-stat=series]")).hasText("0");
        db.exec("insert into series (id, series_key, metric, dimensions) values (1, 'power', 'power', '{}')");
        page.click("header a[data-nav=overview]");
        assertThat(page.locator("[data-stat=series]")).hasText("1");
        db.exec("insert into series (id, series_key, metric, dimensions) values (2, 'voltage', 'voltage', '{}')");
        page.click("#refresh");
        assertThat(page.locator("[data-stat=series]")).hasText("2");
        page.context().close();
    }
}
