package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.local.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's Backup Solution > Sync Jobs in a real headless Chromium driven by Selenium, like {@link DashboardIT}:
 * sign in, open Sync Jobs from the sidebar (an empty list at first), Create Sync Job through the form (the page's
 * weekly archival: ibs-primary/production to ibs-backup/production every Sunday at 04:30, the target keeping 52
 * weekly copies), see it in the list with its next run, and a bad schedule reported next to its field with nothing
 * created. Every outcome is checked over REST too.
 *
 * <p>It works in a project of its own ("dash-sync"), so its list holds its own sync jobs only, whatever the other
 * tests of the JVM create; and it uses the system's chromium and chromedriver as DashboardIT does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncJobsDashboardIT {
    private static final String PROJECT = "dash-sync";
    private static final String NAME = "dash-weekly-archival";
    private static final String BAD = "dash-bad-schedule";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static SharedSystem system;
    private static String base;
    private static Path profile;
    private static ChromeDriver browser;
    private static WebDriverWait wait;

    /** Keeps a screenshot of the page when a step fails. */
    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                try {
                    screenshot(target().resolve("sync-jobs-dashboard-failed-" + context.getRequiredTestMethod()
                            .getName() + ".png"));
                } catch (RuntimeException | IOException e) {
                    cause.addSuppressed(e);
                }
            }
        }
    };

    @BeforeAll
    static void start() throws IOException {
        system = SharedSystem.get();
        base = system.url(Service.JOB);
        String host = URI.create(base).getHost();
        assertThat(host).as("the browser only ever visits this machine").isIn("127.0.0.1", "localhost");
        Api.Response project = system.api().post("/api/v1/projects", "{\"name\":\"" + PROJECT + "\",\"description\":"
                + "\"The sync jobs dashboard's end-to-end test\"}");
        assertThat(project.status()).as(String.valueOf(project.body())).isIn(201, 409);
        browser = startBrowser();
        wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    @Order(1)
    void signInAndOpenSyncJobsFromTheSidebar() {
        browser.get(base + "/");
        type(By.id("token"), SharedSystem.TOKEN);
        click(By.id("signin-submit"));
        waitForText(By.id("user-name"), "admin");
        new Select(visible(By.id("project-select"))).selectByValue(PROJECT);
        waitForText(By.cssSelector("[data-testid=jobs-empty]"), "No backup jobs in project " + PROJECT + " yet.");
        By jobsLink = By.cssSelector("nav.sidebar a[href='#/jobs']");
        By syncLink = By.cssSelector("nav.sidebar a[href='#/sync-jobs']");
        assertThat(visible(jobsLink).getDomAttribute("aria-current")).isEqualTo("page");

        click(syncLink);
        waitForText(By.cssSelector("#view h1"), "Sync Jobs");
        waitForText(By.cssSelector("[data-testid=sync-jobs-empty]"), "No sync jobs in project " + PROJECT + " yet.");
        assertThat(browser.getCurrentUrl()).endsWith("#/sync-jobs");
        assertThat(browser.getTitle()).isEqualTo("Sync Jobs · Backup Solution · Ironcore Backup");
        // the sidebar follows the route
        WebElement sync = visible(syncLink);
        assertThat(sync.getText()).isEqualTo("Sync Jobs");
        assertThat(sync.getDomAttribute("class")).contains("active");
        assertThat(sync.getDomAttribute("aria-current")).isEqualTo("page");
        WebElement jobs = visible(jobsLink);
        assertThat(jobs.getDomAttribute("class")).doesNotContain("active");
        assertThat(jobs.getDomAttribute("aria-current")).isNull();
        assertThat(syncJobs()).isEmpty();
    }

    @Test
    @Order(2)
    void createTheWeeklyArchivalThroughTheForm() {
        // the system administrator administers every project: the button is there
        click(By.id("create-sync-job"));
        waitForText(By.id("form-title"), "Create Sync Job");
        assertThat(browser.getCurrentUrl()).endsWith("#/sync-jobs/new");
        assertThat(visible(By.cssSelector("nav.sidebar a[href='#/sync-jobs']")).getDomAttribute("class"))
                .contains("active");
        type(By.id("sync-name"), NAME);
        choose("source", "ibs-primary", "production");
        choose("target", "ibs-backup", "production");
        type(By.id("sync-schedule"), "Sun 04:30");
        assertThat(visible(By.id("sync-timezone")).getDomProperty("value")).isEqualTo("UTC");
        type(By.id("sync-retention"), "keep-weekly=52");
        // every control of the form has a name a screen reader can announce
        assertThat(browser.executeScript("return [...document.querySelectorAll("
                + "'#sync-form input, #sync-form select, #sync-form textarea, #sync-form button')]"
                + ".filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')"
                + " || (e.tagName === 'BUTTON' && e.textContent.trim()))).map(e => e.outerHTML)"))
                .as("controls without a label").isEqualTo(List.of());
        click(By.id("sync-save"));

        // back in the list, with a toast, and the sync job in the table with its next run
        By row = row(NAME);
        visible(row);
        assertThat(browser.getCurrentUrl()).endsWith("#/sync-jobs");
        waitForText(By.id("toasts"), "Sync job " + NAME + " created: ibs-primary/production to ibs-backup/production.");
        assertThat(browser.findElements(By.cssSelector("[data-testid=sync-jobs-empty]"))).isEmpty();

        JsonNode job = syncJob(NAME).orElseThrow();
        assertThat(job.path("sourceDatastore").asText()).isEqualTo("ibs-primary");
        assertThat(job.path("sourceNamespace").asText()).isEqualTo("production");
        assertThat(job.path("targetDatastore").asText()).isEqualTo("ibs-backup");
        assertThat(job.path("targetNamespace").asText()).isEqualTo("production");
        assertThat(job.path("schedule").asText()).isEqualTo("Sun 04:30");
        assertThat(job.path("timezone").asText()).isEqualTo("UTC");
        assertThat(job.path("retention").asText()).isEqualTo("keep-weekly=52");
        assertThat(job.path("enabled").asBoolean()).isTrue();
        assertThat(job.path("lastSync").isObject()).as("synced already").isFalse();
        ZonedDateTime next = Instant.parse(job.path("nextRun").asText()).atZone(ZoneOffset.UTC);
        assertThat(next.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(next.toLocalTime()).hasToString("04:30");

        assertThat(text(row, "[data-testid=sync-name]")).isEqualTo(NAME);
        assertThat(text(row, "[data-testid=sync-from]")).isEqualTo("ibs-primary/production");
        assertThat(text(row, "[data-testid=sync-to]")).isEqualTo("ibs-backup/production");
        assertThat(text(row, "[data-testid=sync-schedule]")).isEqualTo("Sun 04:30");
        assertThat(text(row, "[data-testid=sync-retention]")).isEqualTo("keep-weekly=52");
        assertThat(Instant.parse(attribute(row, "[data-testid=sync-next-run]", "datetime")))
                .isEqualTo(next.toInstant());
        assertThat(text(row, "[data-testid=sync-next-run]")).contains("Sun").contains("04:30").contains("UTC");
        assertThat(text(row, "[data-testid=sync-last]")).isEqualTo("Never synced");
    }

    @Test
    @Order(3)
    void aBadScheduleIsReportedNextToTheScheduleFieldAndNothingIsCreated() {
        click(By.id("create-sync-job"));
        waitForText(By.id("form-title"), "Create Sync Job");
        type(By.id("sync-name"), BAD);
        choose("source", "ibs-primary", "production");
        choose("target", "ibs-backup", "production");
        type(By.id("sync-schedule"), "Sun 25:99");
        type(By.id("sync-retention"), "keep-weekly=52");
        click(By.id("sync-save"));

        waitForText(By.id("error-schedule"), "invalid hour '25'");
        WebElement schedule = visible(By.id("sync-schedule"));
        assertThat(schedule.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(schedule.getDomAttribute("aria-describedby")).contains("error-schedule");
        assertThat(browser.executeScript("return document.activeElement.id")).as("focus on the field at fault")
                .isEqualTo("sync-schedule");
        assertThat(visible(By.cssSelector("#form-problem [role=alert]")).getText())
                .contains("The sync job was not saved").contains("schedule");
        for (String other : List.of("name", "sourceDatastore", "sourceNamespace", "targetDatastore",
                "targetNamespace", "timezone", "retention")) {
            assertThat(browser.findElement(By.id("error-" + other)).getText()).as(other).isEmpty();
        }
        assertThat(browser.getCurrentUrl()).as("still on the form").endsWith("#/sync-jobs/new");
        assertThat(syncJob(BAD)).isEmpty();
        assertThat(syncJobs()).extracting(j -> j.path("name").asText()).containsExactly(NAME);

        // fixing the field clears its message
        type(By.id("sync-schedule"), "Sun 04:30");
        assertThat(browser.findElement(By.id("error-schedule")).getText()).isEmpty();
        assertThat(browser.findElement(By.id("sync-schedule")).getDomAttribute("aria-invalid")).isNull();
        click(By.id("sync-cancel"));
        visible(row(NAME));
        assertThat(browser.findElements(By.cssSelector("[data-testid=sync-job-row]")))
                .extracting(e -> e.getDomAttribute("data-sync")).containsExactly(NAME);
        assertThat(syncJob(BAD)).isEmpty();
    }

    @Test
    @Order(4)
    void theSyncJobsListAt1280x800() throws IOException {
        browser.navigate().refresh(); // the token and the project stay for the tab's session
        visible(row(NAME));
        assertThat(visible(By.id("project-select")).getDomProperty("value")).isEqualTo(PROJECT);
        assertThat(visible(By.cssSelector("nav.sidebar a[href='#/sync-jobs']")).getDomAttribute("aria-current"))
                .isEqualTo("page");
        assertThat(browser.executeScript("return [window.innerWidth, window.innerHeight]"))
                .isEqualTo(List.of(1280L, 800L));
        // nothing sticks out sideways at this size, not even inside the table
        assertThat(browser.executeScript("return document.documentElement.scrollWidth")).isEqualTo(1280L);
        assertThat(browser.executeScript("const w = document.getElementById('sync-jobs-table-wrap'); "
                + "return w.scrollWidth <= w.clientWidth")).as("the sync jobs table fits").isEqualTo(true);
        Path png = target().resolve("sync-jobs-dashboard.png");
        screenshot(png);
        assertThat(Files.size(png)).isPositive();

        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                // the API's answer to the bad schedule (400)
                .filter(m -> !m.contains("Failed to load resource: the server responded with a status of"))
                .toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }

    @Test
    @Order(5)
    void runNowShowsHowTheLastSyncWentAndDeleteRemovesTheSyncJob() throws IOException {
        // two source datastores of this test's own: an empty one, and one whose disk is not there
        Path empty = Files.createTempDirectory(system.data, "dash-empty-");
        try (Datastore ds = Datastore.create(empty, DatastoreOptions.defaults())) {
            // no backups yet: a sync finds nothing to copy
        }
        datastore("dash-empty", empty);
        datastore("dash-gone", system.data.resolve("dash-not-mounted"));
        syncJobVia("dash-empty-sync", "dash-empty");
        syncJobVia("dash-gone-sync", "dash-gone");
        visible(row("dash-gone-sync"));
        assertThat(text(row("dash-empty-sync"), "[data-testid=sync-last]")).isEqualTo("Never synced");

        click(By.cssSelector("[data-sync='dash-empty-sync'] [data-testid=sync-run-now]"));
        click(By.cssSelector("[data-sync='dash-gone-sync'] [data-testid=sync-run-now]"));
        WebDriverWait slow = new WebDriverWait(browser, Duration.ofSeconds(60));
        slow.until(d -> "completed".equals(d.findElement(row("dash-empty-sync")).getDomAttribute("data-state")));
        slow.until(d -> "failed".equals(d.findElement(row("dash-gone-sync")).getDomAttribute("data-state")));
        assertThat(text(row("dash-empty-sync"), "[data-testid=sync-last-counts]")).isEqualTo("0 copied, 0 removed");
        String reason = syncJob("dash-gone-sync").orElseThrow().path("lastSync").path("reason").asText();
        assertThat(reason).contains("dash-not-mounted").contains("not reachable");
        assertThat(text(row("dash-gone-sync"), "[data-testid=sync-last-reason]")).isEqualTo(reason);

        click(By.cssSelector("[data-sync='" + NAME + "'] [data-testid=sync-delete]"));
        waitForText(By.id("confirm-title"), "Delete " + NAME + "?");
        click(By.id("confirm-ok"));
        wait.until(d -> d.findElements(row(NAME)).isEmpty());
        assertThat(syncJob(NAME)).isEmpty();
        assertThat(syncJobs()).extracting(j -> j.path("name").asText())
                .containsExactlyInAnyOrder("dash-empty-sync", "dash-gone-sync");
    }

    private static void datastore(String name, Path path) {
        Api.Response r = system.api().post("/api/v1/datastores", "{\"name\":\"" + name + "\",\"path\":\"" + path
                + "\"}");
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
    }

    private static void syncJobVia(String name, String source) {
        Api.Response r = system.api().post("/api/v1/sync-jobs?project=" + PROJECT, "{\"name\":\"" + name
                + "\",\"sourceDatastore\":\"" + source + "\",\"targetDatastore\":\"ibs-backup\","
                + "\"schedule\":\"Sun 04:30\"}");
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
    }

    // --- the project of this test

    private static List<JsonNode> syncJobs() {
        Api.Response r = system.api().get("/api/v1/sync-jobs?project=" + PROJECT);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.body().forEach(out::add);
        return out;
    }

    private static Optional<JsonNode> syncJob(String name) {
        return syncJobs().stream().filter(j -> j.path("name").asText().equals(name)).findFirst();
    }

    /** Picks a datastore of the form's source or target, then one of the namespaces it offers. */
    private static void choose(String side, String datastore, String namespace) {
        new Select(visible(By.id("sync-" + side + "-datastore"))).selectByValue(datastore);
        Select namespaces = new Select(visible(By.id("sync-" + side + "-namespace")));
        assertThat(namespaces.getOptions()).extracting(WebElement::getText).contains("(root)", namespace);
        namespaces.selectByValue(namespace);
    }

    // --- the browser (as in DashboardIT)

    private static ChromeDriver startBrowser() throws IOException {
        Path chromium = Path.of(setting("ironcore.e2e.chromium", "IRONCORE_E2E_CHROMIUM",
                DashboardIT.DEFAULT_CHROMIUM));
        Path driver = Path.of(setting("webdriver.chrome.driver", "IRONCORE_E2E_CHROMEDRIVER",
                DashboardIT.DEFAULT_CHROMEDRIVER));
        assertThat(Files.isExecutable(chromium)).as(chromium + " (apt-get install chromium)").isTrue();
        assertThat(Files.isExecutable(driver)).as(driver + " (apt-get install chromium-driver)").isTrue();
        profile = Files.createTempDirectory("ironcore-sync-dashboard-chromium-");
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
        return chrome;
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Path target() throws IOException {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("target");
        Files.createDirectories(dir);
        return dir;
    }

    private static void screenshot(Path png) throws IOException {
        Files.write(png, browser.getScreenshotAs(OutputType.BYTES));
    }

    private static By row(String syncJob) {
        return By.cssSelector("tr[data-sync='" + syncJob + "']");
    }

    private static WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks like a person: the element scrolled to the middle of the window, so nothing sticky covers it. */
    private static void click(By by) {
        WebElement e = wait.until(ExpectedConditions.elementToBeClickable(by));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    private static void type(By by, String text) {
        WebElement e = visible(by);
        e.clear();
        e.sendKeys(text);
    }

    private static void waitForText(By by, String text) {
        WebDriverWait w = new WebDriverWait(browser, WAIT);
        w.ignoring(StaleElementReferenceException.class).withMessage(by + " to show \"" + text + "\"");
        w.until(d -> d.findElement(by).getText().contains(text));
    }

    /** Text of an element inside another, found afresh (the list refreshes its cells every few seconds). */
    private static String text(By outer, String css) {
        return retry(d -> d.findElement(outer).findElement(By.cssSelector(css)).getText());
    }

    private static String attribute(By outer, String css, String name) {
        return retry(d -> d.findElement(outer).findElement(By.cssSelector(css)).getDomAttribute(name));
    }

    private static String retry(Function<ChromeDriver, String> read) {
        return wait.until(d -> read.apply(browser));
    }
}
