package dev.vigil.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Headless Chromium from the operating system (Debian's {@code chromium} package), driven by Playwright. Playwright
 * never downloads a browser here (surefire sets PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD); its driver comes from the jar.
 * Outside CI a missing Chromium skips the browser tests; under CI ({@code CI=true}) it fails them.
 *
 * <p>A browser test class declares {@code @RegisterExtension static final Browser.Session browser = new
 * Browser.Session();}: Chromium starts before the class's first test and closes after its last.
 */
public final class Browser implements AutoCloseable {

    /** One Chromium per test class, as a JUnit extension, so that no test repeats the start and close. */
    public static final class Session implements BeforeAllCallback, AfterAllCallback {

        private Browser browser;

        @Override
        public void beforeAll(ExtensionContext context) {
            browser = start();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (browser != null) {
                browser.close();
                browser = null;
            }
        }

        /** A fresh page, see {@link Browser#page()}. */
        public Page page() {
            return browser.page();
        }
    }

    /** VIGIL_CHROMIUM overrides where Chromium is looked for. */
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("VIGIL_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    private Browser() {
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    /** A started browser, or the test is skipped (outside CI) or failed (under CI) when Chromium is missing. */
    public static Browser start() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but there is no Chromium at " + CHROMIUM + " (.ci/run installs it)");
            }
            Assumptions.abort("browser tests skipped: no Chromium at " + CHROMIUM
                    + " (apt-get install chromium, or set VIGIL_CHROMIUM)");
        }
        return new Browser();
    }

    /** A fresh page (own context: no cache or state shared between tests) of a laptop-sized window. */
    public Page page() {
        Page page = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1400, 900)).newPage();
        // the page's own errors end up in the test log, where a failed assertion alone would not explain them
        page.onPageError(error -> System.out.println("browser page error: " + error));
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                System.out.println("browser console error: " + m.text());
            }
        });
        return page;
    }

    /** Saves a full-page screenshot as target/screenshots/{name}.png, a build artifact. */
    public static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
