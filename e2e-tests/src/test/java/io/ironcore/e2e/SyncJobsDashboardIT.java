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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
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
import java.util.List;
import java.util.Optional;

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
    private static Browser ui;
    private static ChromeDriver browser;
    private static WebDriverWait wait;

    /** Keeps a screenshot of the page when a step fails. */
    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = Browser.screenshotOnFailure(() -> ui, "sync-jobs-dashboard");

    @BeforeAll
    static void start() throws IOException {
        system = SharedSystem.get();
        base = system.url(Service.JOB);
        String host = URI.create(base).getHost();
        assertThat(host).as("the browser only ever visits this machine").isIn("127.0.0.1", "localhost");
        Api.Response project = system.api().post("/api/v1/projects", "{\"name\":\"" + PROJECT + "\",\"description\":"
                + "\"The sync jobs dashboard's end-to-end test\"}");
        assertThat(project.status()).as(String.valueOf(project.body())).isIn(201, 409);
        ui = Browser.start(WAIT);
        browser = ui.driver;
        wait = ui.wait;
    }

    @AfterAll
    static void stop() throws IOException {
        if (ui != null) {
            ui.close();
        }
    }

    @Test
    @Order(1)
    void signInAndOpenSyncJobsFromTheSidebar() {
        browser.get(base + "/");
        ui.type(By.id("token"), SharedSystem.TOKEN);
        ui.click(By.id("signin-submit"));
        ui.waitForText(By.id("user-name"), "admin");
        new Select(ui.visible(By.id("project-select"))).selectByValue(PROJECT);
        ui.waitForText(By.cssSelector("[data-testid=jobs-empty]"), "No backup jobs in project " + PROJECT + " yet.");
        By jobsLink = By.cssSelector("nav.sidebar a[href='#/jobs']");
        By syncLink = By.cssSelector("nav.sidebar a[href='#/sync-jobs']");
        assertThat(ui.visible(jobsLink).getDomAttribute("aria-current")).isEqualTo("page");

        ui.click(syncLink);
        ui.waitForText(By.cssSelector("#view h1"), "Sync Jobs");
        ui.waitForText(By.cssSelector("[data-testid=sync-jobs-empty]"), "No sync jobs in project " + PROJECT + " yet.");
        assertThat(browser.getCurrentUrl()).endsWith("#/sync-jobs");
        assertThat(browser.getTitle()).isEqualTo("Sync Jobs · Backup Solution · Ironcore Backup");
        // the sidebar follows the route
        WebElement sync = ui.visible(syncLink);
        assertThat(sync.getText()).isEqualTo("Sync Jobs");
        assertThat(sync.getDomAttribute("class")).contains("active");
        assertThat(sync.getDomAttribute("aria-current")).isEqualTo("page");
        WebElement jobs = ui.visible(jobsLink);
        assertThat(jobs.getDomAttribute("class")).doesNotContain("active");
        assertThat(jobs.getDomAttribute("aria-current")).isNull();
        assertThat(syncJobs()).isEmpty();
    }

    @Test
    @Order(2)
    void createTheWeeklyArchivalThroughTheForm() {
        // the system administrator administers every project: the button is there
        ui.click(By.id("create-sync-job"));
        ui.waitForText(By.id("form-title"), "Create Sync Job");
        assertThat(browser.getCurrentUrl()).endsWith("#/sync-jobs/new");
        assertThat(ui.visible(By.cssSelector("nav.sidebar a[href='#/sync-jobs']")).getDomAttribute("class"))
                .contains("active");
        ui.type(By.id("sync-name"), NAME);
        choose("source", "ibs-primary", "production");
        choose("target", "ibs-backup", "production");
        ui.type(By.id("sync-schedule"), "Sun 04:30");
        assertThat(ui.visible(By.id("sync-timezone")).getDomProperty("value")).isEqualTo("UTC");
        ui.type(By.id("sync-retention"), "keep-weekly=52");
        // every control of the form has a name a screen reader can announce
        assertThat(browser.executeScript("return [...document.querySelectorAll("
                + "'#sync-form input, #sync-form select, #sync-form textarea, #sync-form button')]"
                + ".filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')"
                + " || (e.tagName === 'BUTTON' && e.textContent.trim()))).map(e => e.outerHTML)"))
                .as("controls without a label").isEqualTo(List.of());
        ui.click(By.id("sync-save"));

        // back in the list, with a toast, and the sync job in the table with its next run
        By row = row(NAME);
        ui.visible(row);
        assertThat(browser.getCurrentUrl()).endsWith("#/sync-jobs");
        ui.waitForText(By.id("toasts"), "Sync job " + NAME + " created: ibs-primary/production to ibs-backup/production.");
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

        assertThat(ui.text(row, "[data-testid=sync-name]")).isEqualTo(NAME);
        assertThat(ui.text(row, "[data-testid=sync-from]")).isEqualTo("ibs-primary/production");
        assertThat(ui.text(row, "[data-testid=sync-to]")).isEqualTo("ibs-backup/production");
        assertThat(ui.text(row, "[data-testid=sync-schedule]")).isEqualTo("Sun 04:30");
        assertThat(ui.text(row, "[data-testid=sync-retention]")).isEqualTo("keep-weekly=52");
        assertThat(Instant.parse(ui.attribute(row, "[data-testid=sync-next-run]", "datetime")))
                .isEqualTo(next.toInstant());
        assertThat(ui.text(row, "[data-testid=sync-next-run]")).contains("Sun").contains("04:30").contains("UTC");
        assertThat(ui.text(row, "[data-testid=sync-last]")).isEqualTo("Never synced");
    }

    @Test
    @Order(3)
    void aBadScheduleIsReportedNextToTheScheduleFieldAndNothingIsCreated() {
        ui.click(By.id("create-sync-job"));
        ui.waitForText(By.id("form-title"), "Create Sync Job");
        ui.type(By.id("sync-name"), BAD);
        choose("source", "ibs-primary", "production");
        choose("target", "ibs-backup", "production");
        ui.type(By.id("sync-schedule"), "Sun 25:99");
        ui.type(By.id("sync-retention"), "keep-weekly=52");
        ui.click(By.id("sync-save"));

        ui.waitForText(By.id("error-schedule"), "invalid hour '25'");
        WebElement schedule = ui.visible(By.id("sync-schedule"));
        assertThat(schedule.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(schedule.getDomAttribute("aria-describedby")).contains("error-schedule");
        assertThat(browser.executeScript("return document.activeElement.id")).as("focus on the field at fault")
                .isEqualTo("sync-schedule");
        assertThat(ui.visible(By.cssSelector("#form-problem [role=alert]")).getText())
                .contains("The sync job was not saved").contains("schedule");
        for (String other : List.of("name", "sourceDatastore", "sourceNamespace", "targetDatastore",
                "targetNamespace", "timezone", "retention")) {
            assertThat(browser.findElement(By.id("error-" + other)).getText()).as(other).isEmpty();
        }
        assertThat(browser.getCurrentUrl()).as("still on the form").endsWith("#/sync-jobs/new");
        assertThat(syncJob(BAD)).isEmpty();
        assertThat(syncJobs()).extracting(j -> j.path("name").asText()).containsExactly(NAME);

        // fixing the field clears its message
        ui.type(By.id("sync-schedule"), "Sun 04:30");
        assertThat(browser.findElement(By.id("error-schedule")).getText()).isEmpty();
        assertThat(browser.findElement(By.id("sync-schedule")).getDomAttribute("aria-invalid")).isNull();
        ui.click(By.id("sync-cancel"));
        ui.visible(row(NAME));
        assertThat(browser.findElements(By.cssSelector("[data-testid=sync-job-row]")))
                .extracting(e -> e.getDomAttribute("data-sync")).containsExactly(NAME);
        assertThat(syncJob(BAD)).isEmpty();
    }

    @Test
    @Order(4)
    void theSyncJobsListAt1280x800() throws IOException {
        browser.navigate().refresh(); // the token and the project stay for the tab's session
        ui.visible(row(NAME));
        assertThat(ui.visible(By.id("project-select")).getDomProperty("value")).isEqualTo(PROJECT);
        assertThat(ui.visible(By.cssSelector("nav.sidebar a[href='#/sync-jobs']")).getDomAttribute("aria-current"))
                .isEqualTo("page");
        ui.assertFitsAt1280x800("sync-jobs-table-wrap", "sync-jobs-dashboard.png");
        // (the API's answer to the bad schedule, 400, is not an error of the page)
        assertThat(ui.consoleErrors()).as("errors in the browser's console").isEmpty();
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
        ui.visible(row("dash-gone-sync"));
        assertThat(ui.text(row("dash-empty-sync"), "[data-testid=sync-last]")).isEqualTo("Never synced");

        ui.click(By.cssSelector("[data-sync='dash-empty-sync'] [data-testid=sync-run-now]"));
        ui.click(By.cssSelector("[data-sync='dash-gone-sync'] [data-testid=sync-run-now]"));
        WebDriverWait slow = new WebDriverWait(browser, Duration.ofSeconds(60));
        slow.until(d -> "completed".equals(d.findElement(row("dash-empty-sync")).getDomAttribute("data-state")));
        slow.until(d -> "failed".equals(d.findElement(row("dash-gone-sync")).getDomAttribute("data-state")));
        assertThat(ui.text(row("dash-empty-sync"), "[data-testid=sync-last-counts]")).isEqualTo("0 copied, 0 removed");
        String reason = syncJob("dash-gone-sync").orElseThrow().path("lastSync").path("reason").asText();
        assertThat(reason).contains("dash-not-mounted").contains("not reachable");
        assertThat(ui.text(row("dash-gone-sync"), "[data-testid=sync-last-reason]")).isEqualTo(reason);

        ui.click(By.cssSelector("[data-sync='" + NAME + "'] [data-testid=sync-delete]"));
        ui.waitForText(By.id("confirm-title"), "Delete " + NAME + "?");
        ui.click(By.id("confirm-ok"));
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
        new Select(ui.visible(By.id("sync-" + side + "-datastore"))).selectByValue(datastore);
        Select namespaces = new Select(ui.visible(By.id("sync-" + side + "-namespace")));
        assertThat(namespaces.getOptions()).extracting(WebElement::getText).contains("(root)", namespace);
        namespaces.selectByValue(namespace);
    }

    private static By row(String syncJob) {
        return By.cssSelector("tr[data-sync='" + syncJob + "']");
    }







}
