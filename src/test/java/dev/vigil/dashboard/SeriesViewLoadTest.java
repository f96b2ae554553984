package dev.vigil.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.vigil.scheduling.DetectionRun;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Db;
import dev.vigil.testing.Series;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (tagged {@code benchmark}, excluded from the test command): the page load of the series view
 * over 30 days of 5-minute windows (8,640), the dashboard's acceptance figure (goal: under a second). Each load is a
 * fresh browser context (cold cache: the page, ECharts and the data all come over HTTP), timed from navigation start
 * to the chart's first "finished" render; it reports the median of 7 loads after one warm-up, with the default
 * thinning (maxPoints 2000) and with every window drawn (maxPoints 8640), cold (new browser context) and warm
 * (a reload, the page's files cached). Numbers are printed and written to
 * target/benchmarks/series-view-load.txt; BENCHMARKS.md records them. Run:
 * {@code ./mvnw -B test -Dtest=SeriesViewLoadTest -Dtest.excludedGroups=}
 */
@QuarkusTest
@Tag("benchmark")
class SeriesViewLoadTest {

    static final int WINDOWS = 8640;
    static final int RUNS = 7;

    @Inject
    Db db;
    @Inject
    DetectionRun run;
    @TestHTTPResource("/")
    URL root;

    @Test
    void pageLoadOfThirtyDaysOfWindows() throws IOException {
        db.reset();
        Series.steady("load", "b1", WINDOWS, 30);
        for (int i = 1000; i < WINDOWS; i += 1500) {
            Series.at("load", "b1", i, 50);
        }
        run.run(Series.nowAfter(WINDOWS));
        String id = db.rows("select id::text as id from series").get(0).get("id").toString();

        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "load average at start: %.1f on %d cores",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors()));
        // the chart endpoint alone, after its first calls (JIT warm-up), as the page's requests will find it
        List<Double> api = new ArrayList<>();
        for (int i = 0; i < 5 + RUNS; i++) {
            long t0 = System.nanoTime();
            io.restassured.RestAssured.given().queryParam("span", "P30D").get("/api/v1/series/" + id + "/chart")
                    .then().statusCode(200);
            if (i >= 5) {
                api.add((System.nanoTime() - t0) / 1e6);
            }
        }
        report.add(line("GET /chart span=P30D maxPoints=2000 (API only)", api));
        try (Browser browser = Browser.start()) {
            for (int maxPoints : new int[] {2000, WINDOWS}) {
                String url = root + "dashboard/#/series/" + id + "?range=30d&maxPoints=" + maxPoints;
                for (boolean warm : new boolean[] {false, true}) {
                    load(browser, url, null, warm); // warm-up
                    List<Double> ms = new ArrayList<>();
                    List<Double> data = new ArrayList<>();
                    List<Double> library = new ArrayList<>();
                    for (int i = 0; i < RUNS; i++) {
                        double[] marks = load(browser, url, i == 0 && !warm ? "series-view-" + maxPoints : null, warm);
                        ms.add(marks[0]);
                        data.add(marks[1]);
                        library.add(marks[2]);
                    }
                    report.add(line("page load, " + (warm ? "warm (reload, assets cached)" : "cold (new context)")
                            + ", maxPoints=" + maxPoints + ", " + WINDOWS + " windows", ms));
                    report.add(line("  chart data received at", data));
                    report.add(line("  ECharts ready at", library));
                }
            }
        }
        Path out = Path.of("target", "benchmarks", "series-view-load.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        report.forEach(System.out::println);
    }

    static double median(List<Double> ms) {
        return ms.stream().sorted().toList().get(ms.size() / 2);
    }

    static String line(String what, List<Double> ms) {
        return String.format(Locale.ROOT, "%s: median %.0f ms, runs %s", what, median(ms),
                ms.stream().map(m -> String.format(Locale.ROOT, "%.0f", m)).toList());
    }

    /**
     * One load: milliseconds from navigation start to the chart's first complete render, to the chart data's
     * arrival and to ECharts being ready. Cold: a new browser context, nothing cached. Warm: the page is loaded once,
     * then reloaded and measured (the page's files and ECharts come from the HTTP cache; the data is fetched again).
     */
    private static double[] load(Browser browser, String url, String screenshot, boolean warm) {
        Page page = browser.page();
        page.navigate(url);
        page.waitForSelector("#chart-box[data-rendered=true]");
        if (warm) {
            page.reload();
            page.waitForSelector("#chart-box[data-rendered=true]");
        }
        double[] ms = new double[3];
        String[] marks = {"vigil-chart-rendered", "vigil-data-received", "vigil-library-ready"};
        for (int i = 0; i < marks.length; i++) {
            ms[i] = ((Number) page.evaluate("m => performance.getEntriesByName(m)[0].startTime", marks[i])).doubleValue();
        }
        if (screenshot != null) {
            assertEquals(WINDOWS + " windows", page.locator(".toolbar .muted").textContent().split(" · ")[1]
                    .replaceAll(",", "").replaceAll("(\\d+ windows).*", "$1"));
            Browser.screenshot(page, screenshot);
        }
        page.context().close();
        return ms;
    }
}
