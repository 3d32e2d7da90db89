package io.ironcore.e2e;

import io.ironcore.local.infra.Scratch;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard tests' browser: the system's headless Chromium driven by Selenium, with a 1280x800 viewport, and the
 * steps a person takes (find a visible element, click it, type, wait for a text).
 *
 * <p>The browser is Debian's {@code chromium} and {@code chromium-driver}, at {@value #DEFAULT_CHROMIUM} and
 * {@value #DEFAULT_CHROMEDRIVER} unless the system properties {@code ironcore.e2e.chromium} and
 * {@code webdriver.chrome.driver} (or the environment variables {@code IRONCORE_E2E_CHROMIUM} and
 * {@code IRONCORE_E2E_CHROMEDRIVER}) say otherwise. Nothing is downloaded.
 */
final class Browser implements AutoCloseable {
    static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";
    static final String DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final Duration timeout;
    private final Path profile;

    private Browser(ChromeDriver driver, Duration timeout, Path profile) {
        this.driver = driver;
        this.timeout = timeout;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, timeout);
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    static Browser start(Duration timeout) throws IOException {
        Path chromium = Path.of(setting("ironcore.e2e.chromium", "IRONCORE_E2E_CHROMIUM", DEFAULT_CHROMIUM));
        Path driver = Path.of(setting("webdriver.chrome.driver", "IRONCORE_E2E_CHROMEDRIVER", DEFAULT_CHROMEDRIVER));
        assertThat(Files.isExecutable(chromium)).as(chromium + " (apt-get install chromium)").isTrue();
        assertThat(Files.isExecutable(driver)).as(driver + " (apt-get install chromium-driver)").isTrue();
        Path profile = Files.createTempDirectory("ironcore-dashboard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1280,800",
                "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        // a 1280x800 viewport, whatever the window's frame takes
        @SuppressWarnings("unchecked")
        List<Long> inner = (List<Long>) chrome.executeScript("return [window.innerWidth, window.innerHeight]");
        chrome.manage().window().setSize(new Dimension(1280 + (1280 - inner.get(0).intValue()),
                800 + (800 - inner.get(1).intValue())));
        return new Browser(chrome, timeout, profile);
    }

    /** Keeps a screenshot of the page when a step fails: {@code target/PREFIX-failed-METHOD.png}. */
    static TestWatcher screenshotOnFailure(Supplier<Browser> browser, String prefix) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                Browser b = browser.get();
                if (b != null) {
                    try {
                        b.screenshot(target().resolve(prefix + "-failed-" + context.getRequiredTestMethod().getName()
                                + ".png"));
                    } catch (RuntimeException | IOException e) {
                        cause.addSuppressed(e);
                    }
                }
            }
        };
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    static Path target() throws IOException {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("target");
        Files.createDirectories(dir);
        return dir;
    }

    void screenshot(Path png) throws IOException {
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    }

    WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks like a person: the element scrolled to the middle of the window, so nothing sticky covers it. */
    void click(By by) {
        WebElement e = wait.until(ExpectedConditions.elementToBeClickable(by));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    void type(By by, String text) {
        WebElement e = visible(by);
        e.clear();
        e.sendKeys(text);
    }

    void waitForText(By by, String text) {
        waiting(by + " to show \"" + text + "\"").until(d -> d.findElement(by).getText().contains(text));
    }

    void waitForAttribute(By by, String name, String value) {
        waiting(by + " to have " + name + "=" + value)
                .until(d -> value.equals(d.findElement(by).getDomAttribute(name)));
    }

    WebDriverWait waiting(String what) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.ignoring(StaleElementReferenceException.class).withMessage(what);
        return w;
    }

    /** Text of an element inside another, found afresh (the lists refresh their cells every few seconds). */
    String text(By outer, String css) {
        return retry(d -> d.findElement(outer).findElement(By.cssSelector(css)).getText());
    }

    String attribute(By outer, String css, String name) {
        return retry(d -> d.findElement(outer).findElement(By.cssSelector(css)).getDomAttribute(name));
    }

    String retry(Function<ChromeDriver, String> read) {
        return wait.until(d -> read.apply(driver));
    }

    /**
     * The page at 1280x800: nothing sticks out sideways, not even inside the table in {@code tableWrapId}; a
     * screenshot is kept in {@code target/PNG}.
     */
    void assertFitsAt1280x800(String tableWrapId, String png) throws IOException {
        assertThat(driver.executeScript("return [window.innerWidth, window.innerHeight]"))
                .isEqualTo(List.of(1280L, 800L));
        assertThat(driver.executeScript("return document.documentElement.scrollWidth")).isEqualTo(1280L);
        assertThat(driver.executeScript("const w = document.getElementById('" + tableWrapId + "'); "
                + "return w.scrollWidth <= w.clientWidth")).as("the table fits: " + tableWrapId).isEqualTo(true);
        Path file = target().resolve(png);
        screenshot(file);
        assertThat(Files.size(file)).isPositive();
    }

    /** The errors in the browser's console, without the API's 4xx answers that a test provoked on purpose. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource: the server responded with a status of"))
                .toList();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            Scratch.delete(profile);
        }
    }
}
