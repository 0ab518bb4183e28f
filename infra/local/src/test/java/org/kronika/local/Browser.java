package org.kronika.local;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.Command;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.Event;
import org.openqa.selenium.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Headless Chromium from the system's packages, driven through the system's chromedriver: nothing is downloaded
 * at test time. Where either is missing the browser tests are skipped, unless {@code KRONIKA_BROWSER_TESTS=required}
 * (as CI sets it), which turns the skip into a failure. axe-core comes from {@code KRONIKA_AXE_JS} (CI installs it
 * with npm) under the same rule.
 */
@SuppressWarnings("unchecked")
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(env("KRONIKA_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(env("KRONIKA_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path AXE = Path.of(env("KRONIKA_AXE_JS", System.getProperty("user.home")
            + "/.cache/kronika-axe/node_modules/axe-core/axe.min.js"));
    static final Path SCREENSHOTS = Path.of(System.getProperty("kronika.screenshots", "target/screenshots"));
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling tests where no browser is installed, or fails them where CI requires one. */
    static void requireInstalled() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add("Chromium (" + CHROMIUM + ", set KRONIKA_CHROMIUM)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add("chromedriver (" + CHROMEDRIVER + ", set KRONIKA_CHROMEDRIVER)");
        }
        if (!Files.isReadable(AXE)) {
            missing.add("axe-core (" + AXE + ", set KRONIKA_AXE_JS)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "Browser tests need " + String.join(", ", missing)
                + ". Install them as .ci/run does: apt-get install chromium chromium-driver; npm install axe-core.";
        if ("required".equals(System.getenv("KRONIKA_BROWSER_TESTS"))) {
            throw new AssertionError(message + " KRONIKA_BROWSER_TESTS=required, so this fails instead of skipping.");
        }
        Assumptions.abort(message);
    }

    /** A fresh browser: its own profile, so no cookie or cache of another test is seen. */
    static Browser open(int width, int height, String language) {
        try {
            Path profile = Files.createTempDirectory("kronika-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                    "--lang=" + language, "--force-device-scale-factor=1");
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
            // What the page's console shows, its failed requests included, for checkPage.
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
            if (width < 500) {
                // A desktop window is never narrower than about 500 px: a phone's screen is emulated instead.
                options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                        Map.of("width", width, "height", height, "pixelRatio", 1.0)));
            }
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a dashboard page, signing in at the authorization server's form on the way if asked to. */
    void signIn(String dashboardUrl, String user) {
        driver.get(dashboardUrl + "/dashboard");
        until(WAIT, () -> !driver.findElements(By.name("username")).isEmpty()
                || driver.getCurrentUrl().startsWith(dashboardUrl + "/dashboard"));
        if (!driver.findElements(By.name("username")).isEmpty()) {
            driver.findElement(By.name("username")).sendKeys(user);
            driver.findElement(By.name("password")).sendKeys(user);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
        }
        until(WAIT, () -> driver.getCurrentUrl().startsWith(dashboardUrl + "/dashboard")
                && !driver.findElements(By.cssSelector("[data-viewer]")).isEmpty());
    }

    void get(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * Waits for {@code condition} on the page; one that never holds fails with where the browser is and what the page
     * says, and a picture of it kept, so a failure on CI's machine can be read from its log.
     */
    void until(Duration atMost, Callable<Boolean> condition) {
        try {
            await().atMost(atMost).until(condition);
        } catch (ConditionTimeoutException timedOut) {
            String shot = "timed-out-" + System.currentTimeMillis();
            String where;
            String text;
            try {
                where = driver.getCurrentUrl();
                text = driver.findElement(By.tagName("body")).getText();
                screenshot(shot);
                where += " (" + SCREENSHOTS.resolve(shot + ".png") + ")";
            } catch (RuntimeException unreadable) {
                where = "a page that could not be read";
                text = unreadable.toString();
            }
            throw new AssertionError("At " + where + ": " + timedOut.getMessage() + ". The page says:\n"
                    + (text.length() > 3000 ? text.substring(0, 3000) + " [...]" : text), timedOut);
        }
    }

    /** A figure's raw value as the page carries it beside the formatted one. */
    double value(String css) {
        return Double.parseDouble(find(css).getAttribute("data-value"));
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /**
     * Answers the page's requests to URLs matching {@code urlPattern} (the protocol's wildcards) with {@code status}
     * while {@code refusing} holds, and lets them through unchanged otherwise: a server's error, or a proxy's,
     * without breaking the server (through the browser's own protocol). Counts the requests so answered.
     */
    AtomicInteger answer(String urlPattern, int status, BooleanSupplier refusing) {
        DevTools devTools = driver.getDevTools();
        devTools.createSessionIfThereIsNotOne();
        AtomicInteger refused = new AtomicInteger();
        devTools.addListener(new Event<>("Fetch.requestPaused",
                input -> (String) input.<Map<String, Object>>read(Json.MAP_TYPE).get("requestId")), request -> {
            if (refusing.getAsBoolean()) {
                refused.incrementAndGet();
                devTools.send(new Command<>("Fetch.fulfillRequest", Map.of("requestId", request, "responseCode", status,
                        "responseHeaders", List.of(Map.of("name", "Content-Type", "value", "text/plain")),
                        "body", Base64.getEncoder().encodeToString("Refused by the test".getBytes()))));
            } else {
                devTools.send(new Command<>("Fetch.continueRequest", Map.of("requestId", request)));
            }
        });
        devTools.send(new Command<>("Fetch.enable", Map.of("patterns",
                List.of(Map.of("urlPattern", urlPattern, "requestStage", "Request")))));
        return refused;
    }

    /**
     * Holds the browser's next load of the page at {@code path} (where a form's redirect leads) until the page still
     * open has fetched the same address itself and the server has answered it (a live refresh): the order a slow
     * machine gives them by chance. Answers whether a refresh was answered while the load was held; where none came
     * within {@code hold}, the load goes on and this answers false, so a caller asserting it knows the order was not
     * given. Later loads of the page, and every refresh, go on at once.
     */
    BooleanSupplier holdNextLoadUntilRefreshed(String path, Duration hold) {
        DevTools devTools = driver.getDevTools();
        devTools.createSessionIfThereIsNotOne();
        AtomicBoolean held = new AtomicBoolean();
        CountDownLatch refreshedWhileHeld = new CountDownLatch(1);
        devTools.addListener(new Event<>("Fetch.requestPaused",
                input -> input.<Map<String, Object>>read(Json.MAP_TYPE)), paused -> {
            String request = (String) paused.get("requestId");
            boolean load = "Document".equals(paused.get("resourceType"));
            if (load && held.compareAndSet(false, true)) {
                // Waited out on a thread of its own: Selenium hands each message of the protocol to a listener under
                // a lock that adding a listener or closing the browser needs too.
                Thread release = new Thread(() -> {
                    try {
                        refreshedWhileHeld.await(hold.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    devTools.send(new Command<>("Fetch.continueRequest", Map.of("requestId", request)));
                });
                release.setDaemon(true);
                release.start();
                return;
            }
            // Only a refresh answered once the load is held counts: one before it came before the form's redirect
            // could leave anything in the session.
            if (!load && held.get()) {
                refreshedWhileHeld.countDown();
            }
            devTools.send(new Command<>("Fetch.continueRequest", Map.of("requestId", request)));
        });
        String pattern = "*" + path;
        devTools.send(new Command<>("Fetch.enable", Map.of("patterns", List.of(
                Map.of("urlPattern", pattern, "resourceType", "Document", "requestStage", "Request"),
                // Paused once answered: the server has done with it, whatever it took from the session.
                Map.of("urlPattern", pattern, "resourceType", "Fetch", "requestStage", "Response")))));
        return () -> refreshedWhileHeld.getCount() == 0;
    }

    /** Shows pages as for this medium ({@code print}), or as usual again with an empty one. */
    void media(String medium) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", medium));
    }

    /** The whole page, not only what the window shows (through the browser's own protocol). */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Map<String, Object> size = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                    .get("cssContentSize");
            double width = ((Number) size.get("width")).doubleValue();
            double height = Math.min(((Number) size.get("height")).doubleValue(), 16_000);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height,
                            "scale", 1)));
            Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs axe-core on the page as it is now; answers the serious and critical violations, described. */
    List<String> seriousViolations() {
        return violations("v.impact === 'serious' || v.impact === 'critical'");
    }

    /** Every violation axe-core finds on the page as it is now, the minor and moderate ones too, described. */
    List<String> allViolations() {
        return violations("true");
    }

    /** @param kept a JavaScript condition on a violation {@code v}: those for which it holds are answered */
    private List<String> violations(String kept) {
        try {
            script(Files.readString(AXE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object found = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(result => done(result.violations
                    .filter(v => %s)
                    .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at '
                        + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
                  .catch(e => done(['axe failed: ' + e]));""".formatted(kept));
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) found;
        return violations;
    }

    /**
     * Checks the page as a person would meet it: no serious accessibility fault, no error in its console since the
     * last check (a script's, or a request the page made that failed: every page asked for a favicon, refused 401),
     * and a picture of it kept.
     */
    void checkPage(String name) {
        screenshot(name);
        assertThat(seriousViolations()).as("axe-core on " + name + " (" + driver.getCurrentUrl() + ")").isEmpty();
        assertThat(consoleErrors()).as("the console of " + name + " (" + driver.getCurrentUrl() + ")").isEmpty();
    }

    /**
     * The console's errors since it was last read, but the page's own status: an error page answers 404 or 403 by
     * design, and the browser logs that as a failed load of the page itself.
     */
    List<String> consoleErrors() {
        String page = driver.getCurrentUrl();
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(message -> !message.startsWith(page + " - Failed to load resource"))
                .toList();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A temporary profile left behind is harmless.
            }
        }
    }
}
