package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironcore.events.EventJson;
import io.ironcore.local.DemoData;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard as a person uses it, in a real headless Chromium driven by Selenium: the product page's "Dashboard"
 * tabs (Backup Solution > Jobs): sign in with a token, pick the project, Create Backup Job through the form's steps
 * (sources with their live preview, datastore and namespace, schedule, mode, retention with the Prune Simulator,
 * notifications), see the job in the list with its next run time, Run Now until the last run is Completed, the run
 * history, a bad schedule reported next to its field, an edit that meets a concurrent change (412), delete with
 * confirmation. Every outcome is checked over REST too.
 *
 * <p>The browser is the system's headless Chromium ({@link Browser}). Nothing is downloaded.
 *
 * <p>It works in a project of its own ("dash", with its own workloads) so that the jobs of the other tests in the
 * same JVM (which use the same names in project "default") do not collide with its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final String PROJECT = "dash";
    private static final String GROUP = "dash-ops";
    private static final List<String> SOURCES = List.of("d-12345", "d-12346", "d-12347");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration RUN_WAIT = Duration.ofSeconds(120);

    private static SharedSystem system;
    private static String base;
    private static Browser ui;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static String runId;

    /** Keeps a screenshot of the page when a step fails, next to the final one. */
    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = Browser.screenshotOnFailure(() -> ui, "dashboard");

    @BeforeAll
    static void start() throws IOException {
        system = SharedSystem.get();
        base = system.url(Service.JOB);
        String host = URI.create(base).getHost();
        assertThat(host).as("the browser only ever visits this machine").isIn("127.0.0.1", "localhost");
        installProject();
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
    void signInWithATokenAndPickTheProject() {
        browser.get(base + "/");
        ui.type(By.id("token"), "not-a-token");
        ui.click(By.id("signin-submit"));
        ui.waitForText(By.id("signin-error"), "This token is not valid.");

        ui.type(By.id("token"), SharedSystem.TOKEN);
        ui.click(By.id("signin-submit"));
        ui.waitForText(By.id("user-name"), "admin");
        assertThat(browser.executeScript("return sessionStorage.getItem('ironcore.token')"))
                .isEqualTo(SharedSystem.TOKEN);

        new Select(ui.visible(By.id("project-select"))).selectByValue(PROJECT);
        ui.waitForText(By.cssSelector("[data-testid=jobs-empty]"), "No backup jobs in project dash yet.");
        assertThat(ui.visible(By.cssSelector("#view h1")).getText()).isEqualTo("Jobs");
        assertThat(ui.visible(By.cssSelector("nav.sidebar")).getText()).containsIgnoringCase("Backup Solution")
                .contains("Jobs");
    }

    @Test
    @Order(2)
    void createTheDailyIncrementalJobAsTheProductPageSays() {
        ui.click(By.id("create-job"));
        ui.waitForText(By.id("form-title"), "Create Backup Job");
        // Name
        ui.type(By.id("job-name"), "daily-prod-incr");
        // Sources: the three workloads; the preview follows, Include/Exclude filters too
        for (String id : SOURCES) {
            ui.click(By.id("src-" + id));
        }
        ui.waitForAttribute(By.cssSelector("[data-testid=preview-count]"), "data-count", "3");
        ui.click(By.id("add-exclude"));
        new Select(ui.visible(By.cssSelector("[data-testid=exclude-kind]"))).selectByValue("tag");
        ui.type(By.cssSelector("[data-testid=exclude-value]"), "db");
        ui.waitForAttribute(By.cssSelector("[data-testid=preview-count]"), "data-count", "2");
        assertThat(browser.findElements(By.cssSelector("[data-testid=preview-item]")))
                .extracting(e -> e.getDomAttribute("data-id")).containsExactly("d-12345", "d-12346");
        ui.click(By.cssSelector("[aria-label='Remove exclude filter 1']"));
        ui.waitForAttribute(By.cssSelector("[data-testid=preview-count]"), "data-count", "3");
        // Datastore and namespace
        new Select(ui.visible(By.id("job-datastore"))).selectByValue("ibs-primary");
        Select namespace = new Select(ui.visible(By.id("job-namespace")));
        assertThat(namespace.getOptions()).extracting(WebElement::getText).contains("(root)", "production");
        namespace.selectByValue("production");
        // Schedule (the syntax table is there to help)
        assertThat(ui.visible(By.id("schedule-syntax")).getText()).contains("Mon..Fri 18:00", "*-*-01 03:00", "weekly");
        ui.type(By.id("job-schedule"), "02:00");
        assertThat(ui.visible(By.id("job-timezone")).getDomProperty("value")).isEqualTo("UTC");
        assertThat(ui.visible(By.id("mode-incremental")).isSelected()).isTrue();
        // Retention, and the Prune Simulator's preview: 7 daily generations kept
        ui.type(By.id("job-retention"), "keep-daily=7");
        ui.waitForAttribute(By.cssSelector("[data-testid=prune-kept]"), "data-kept", "7");
        assertThat(ui.visible(By.id("prune-simulator")).getText()).contains("of 60 made in 60 days");
        List<WebElement> kept = browser.findElements(By.cssSelector("#sim-table [data-testid=sim-generation]"));
        assertThat(kept).hasSize(7).allSatisfy(g -> assertThat(g.getText()).contains("Kept").contains("daily"));
        // every control of the form has a name a screen reader can announce
        assertThat(browser.executeScript("return [...document.querySelectorAll("
                + "'#job-form input, #job-form select, #job-form textarea, #job-form button')]"
                + ".filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')"
                + " || (e.tagName === 'BUTTON' && e.textContent.trim()))).map(e => e.outerHTML)"))
                .as("controls without a label").isEqualTo(List.of());
        // Notifications: always, to the project's notification group
        ui.click(By.id("notify-always"));
        new Select(ui.visible(By.id("job-notification-group"))).selectByValue(GROUP);
        ui.click(By.id("job-save"));

        // The job appears in the Jobs list; next run time is shown in the schedule column
        By row = row("daily-prod-incr");
        ui.visible(row);
        JsonNode job = job("daily-prod-incr").body();
        assertThat(job.get("sourceIds")).extracting(JsonNode::asText).containsExactlyElementsOf(SOURCES);
        assertThat(job.get("include")).isEmpty();
        assertThat(job.get("exclude")).isEmpty();
        assertThat(job.path("datastore").asText()).isEqualTo("ibs-primary");
        assertThat(job.path("namespace").asText()).isEqualTo("production");
        assertThat(job.path("schedule").asText()).isEqualTo("02:00");
        assertThat(job.path("timezone").asText()).isEqualTo("UTC");
        assertThat(job.path("mode").asText()).isEqualTo("incremental");
        assertThat(job.path("retention").asText()).isEqualTo("keep-daily=7");
        assertThat(job.path("notificationMode").asText()).isEqualTo("always");
        assertThat(job.path("notificationGroup").asText()).isEqualTo(GROUP);
        assertThat(job.path("enabled").asBoolean()).isTrue();
        Instant next = Instant.parse(job.path("nextRunAt").asText());
        assertThat(next.atZone(ZoneOffset.UTC).toLocalTime()).hasToString("02:00");

        WebElement schedule = ui.visible(By.cssSelector("tr[data-job='daily-prod-incr'] td.schedule"));
        assertThat(schedule.getText()).contains("02:00").contains("Next run");
        assertThat(Instant.parse(ui.attribute(row, "[data-testid=job-next-run]", "datetime"))).isEqualTo(next);
        assertThat(ui.text(row, "[data-testid=job-mode]")).isEqualTo("Incremental");
        assertThat(ui.text(row, "[data-testid=job-state]")).isEqualTo("Scheduled");
        assertThat(ui.text(row, "[data-testid=job-last-run]")).isEqualTo("Never run");
        assertThat(ui.text(row, "[data-testid=job-target]")).contains("ibs-primary").contains("production");
    }

    @Test
    @Order(3)
    void createTheWeeklyFullJobWithTheSameFlow() {
        ui.click(By.id("create-job"));
        ui.type(By.id("job-name"), "weekly-prod-full");
        for (String id : SOURCES) {
            ui.click(By.id("src-" + id));
        }
        ui.waitForAttribute(By.cssSelector("[data-testid=preview-count]"), "data-count", "3");
        new Select(ui.visible(By.id("job-datastore"))).selectByValue("ibs-primary");
        new Select(ui.visible(By.id("job-namespace"))).selectByValue("production");
        ui.type(By.id("job-schedule"), "Sun 03:00");
        ui.click(By.id("mode-full"));
        ui.type(By.id("job-retention"), "keep-weekly=3");
        ui.waitForAttribute(By.cssSelector("[data-testid=prune-kept]"), "data-kept", "3");
        ui.click(By.id("notify-always"));
        ui.click(By.id("job-save"));

        By row = row("weekly-prod-full");
        ui.visible(row);
        JsonNode job = job("weekly-prod-full").body();
        assertThat(job.path("schedule").asText()).isEqualTo("Sun 03:00");
        assertThat(job.path("mode").asText()).isEqualTo("full");
        assertThat(job.path("retention").asText()).isEqualTo("keep-weekly=3");
        ZonedDateTime next = Instant.parse(job.path("nextRunAt").asText()).atZone(ZoneOffset.UTC);
        assertThat(next.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(next.toLocalTime()).hasToString("03:00");
        assertThat(Instant.parse(ui.attribute(row, "[data-testid=job-next-run]", "datetime")))
                .isEqualTo(next.toInstant());
        assertThat(ui.text(row, "[data-testid=job-mode]")).isEqualTo("Full");
        // the list is ordered by name
        assertThat(browser.findElements(By.cssSelector("[data-testid=job-row]")))
                .extracting(e -> e.getDomAttribute("data-job")).containsExactly("daily-prod-incr", "weekly-prod-full");
    }

    @Test
    @Order(4)
    void runNowAndWatchTheLastRunComplete() {
        By row = row("daily-prod-incr");
        ui.click(By.cssSelector("tr[data-job='daily-prod-incr'] [data-testid=run-now]"));
        Set<String> seen = new LinkedHashSet<>();
        new WebDriverWait(browser, RUN_WAIT, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    String state = ui.attribute(row, "[data-testid=job-last-run]", "data-state");
                    seen.add(state);
                    return "Completed".equals(state);
                });
        assertThat(seen).as("last run states the list showed").doesNotContain("Failed");
        ui.waitForText(By.cssSelector("tr[data-job='daily-prod-incr'] [data-testid=job-state]"), "Scheduled");

        JsonNode runs = system.api().get("/api/v1/jobs/daily-prod-incr/runs?project=" + PROJECT).body().get("items");
        assertThat(runs).hasSize(1);
        JsonNode run = runs.get(0);
        runId = run.path("id").asText();
        assertThat(run.path("state").asText()).isEqualTo("Completed");
        assertThat(run.path("trigger").asText()).isEqualTo("manual");
        assertThat(run.path("stats").path("bytesRead").asLong()).isPositive();
        assertThat(run.get("snapshots")).hasSize(3);
        // the schedule is not moved by the manual run
        assertThat(job("daily-prod-incr").body().path("nextRunAt").asText())
                .isEqualTo(ui.attribute(row, "[data-testid=job-next-run]", "datetime"));
        // notification mode "always": the finished run was posted to the webhook receiver
        await().atMost(RUN_WAIT).until(() -> system.webhooks.deliveries().stream()
                .anyMatch(d -> d.body().contains(runId)));
    }

    @Test
    @Order(5)
    void theRunHistoryShowsTheRunAndItsStats() {
        ui.click(By.cssSelector("tr[data-job='daily-prod-incr'] [data-testid=job-link]"));
        ui.waitForText(By.id("job-title"), "daily-prod-incr");
        By run = By.cssSelector("#run-history tr[data-run='" + runId + "']");
        ui.visible(run);
        assertThat(ui.attribute(run, "[data-testid=run-state]", "data-state")).isEqualTo("Completed");
        assertThat(ui.text(run, "[data-testid=run-bytes-read]")).matches("\\d+\\.\\d (KiB|MiB|GiB)");
        assertThat(ui.visible(run).getText()).contains("manual").contains("3 snapshots");
        ui.click(By.cssSelector("#run-history tr[data-run='" + runId + "'] details summary"));
        WebElement snapshots = ui.visible(By.cssSelector("#run-history tr[data-run='" + runId + "'] details ul"));
        assertThat(snapshots.getText()).contains("d-12345").contains("d-12346").contains("d-12347");
        // what the sources select, and the definition
        assertThat(ui.visible(By.id("job-sources")).getText()).contains("web-01").contains("web-02").contains("db-01");
        assertThat(ui.visible(By.id("job-summary")).getText()).contains("keep-daily=7")
                .contains("ibs-primary / production");
        ui.click(By.id("back-to-jobs"));
        ui.visible(row("daily-prod-incr"));
    }

    @Test
    @Order(6)
    void aBadScheduleIsReportedNextToTheScheduleFieldAndNothingIsCreated() {
        int jobsBefore = jobs().size();
        ui.click(By.id("create-job"));
        ui.type(By.id("job-name"), "bad-schedule");
        ui.click(By.id("src-d-12345"));
        new Select(ui.visible(By.id("job-datastore"))).selectByValue("ibs-primary");
        ui.type(By.id("job-schedule"), "Sunn 03:00");
        ui.click(By.id("job-save"));

        ui.waitForText(By.id("error-schedule"), "invalid weekday 'Sunn'");
        assertThat(ui.visible(By.id("job-schedule")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(ui.visible(By.cssSelector("#form-problem [role=alert]")).getText())
                .contains("The job was not saved").contains("schedule");
        for (String other : List.of("name", "sources", "datastore", "namespace", "retention", "timezone")) {
            assertThat(browser.findElement(By.id("error-" + other)).getText()).as(other).isEmpty();
        }
        assertThat(job("bad-schedule").status()).isEqualTo(404);
        assertThat(jobs()).hasSize(jobsBefore);

        // fixing the field clears its message
        ui.type(By.id("job-schedule"), "Sun 03:00");
        assertThat(browser.findElement(By.id("error-schedule")).getText()).isEmpty();
        ui.click(By.id("job-cancel"));
        ui.visible(row("daily-prod-incr"));
        assertThat(browser.findElements(row("bad-schedule"))).isEmpty();
    }

    @Test
    @Order(7)
    void anEditThatMeetsAConcurrentChangeIsReloadedThenSaved() {
        ui.click(By.cssSelector("tr[data-job='weekly-prod-full'] [data-testid=edit-job]"));
        ui.waitForText(By.id("form-title"), "Edit weekly-prod-full");
        assertThat(ui.visible(By.id("job-retention")).getDomProperty("value")).isEqualTo("keep-weekly=3");
        assertThat(ui.visible(By.id("mode-full")).isSelected()).isTrue();
        assertThat(ui.visible(By.id("src-d-12347")).isSelected()).isTrue();

        // meanwhile, someone pauses the job: its version moves on
        assertThat(system.api().post("/api/v1/jobs/weekly-prod-full/disable?project=" + PROJECT, null).status())
                .isEqualTo(200);
        ui.type(By.id("job-retention"), "keep-weekly=4");
        ui.click(By.id("job-save"));
        ui.waitForText(By.cssSelector("[data-testid=form-notice]"), "was changed by someone else");
        assertThat(ui.visible(By.id("job-enabled")).isSelected()).as("the reloaded form shows the pause").isFalse();
        assertThat(ui.visible(By.id("job-retention")).getDomProperty("value")).isEqualTo("keep-weekly=3");
        assertThat(job("weekly-prod-full").body().path("retention").asText()).isEqualTo("keep-weekly=3");

        ui.type(By.id("job-retention"), "keep-weekly=4");
        ui.click(By.id("job-save"));
        ui.waitForText(By.id("job-title"), "weekly-prod-full");
        JsonNode job = job("weekly-prod-full").body();
        assertThat(job.path("retention").asText()).isEqualTo("keep-weekly=4");
        assertThat(job.path("enabled").asBoolean()).as("only the changed field was patched").isFalse();
        assertThat(job.path("schedule").asText()).isEqualTo("Sun 03:00");

        // and resume it from the list
        ui.click(By.id("back-to-jobs"));
        By toggle = By.cssSelector("tr[data-job='weekly-prod-full'] [data-testid=toggle-enabled]");
        ui.waitForText(toggle, "Enable");
        ui.waitForText(By.cssSelector("tr[data-job='weekly-prod-full'] [data-testid=job-state]"), "Disabled");
        ui.click(toggle);
        ui.waitForText(By.cssSelector("tr[data-job='weekly-prod-full'] [data-testid=job-state]"), "Scheduled");
        assertThat(job("weekly-prod-full").body().path("enabled").asBoolean()).isTrue();
        ui.waitForText(toggle, "Disable");
    }

    @Test
    @Order(8)
    void deleteAsksFirst() {
        ObjectNode scratch = EventJson.mapper().createObjectNode().put("name", "scratch-job")
                .put("datastore", "ibs-primary");
        scratch.putArray("sourceIds").add("d-12345");
        assertThat(system.api().post("/api/v1/jobs?project=" + PROJECT, scratch.toString()).status()).isEqualTo(201);
        By row = row("scratch-job");
        ui.visible(row);
        By delete = By.cssSelector("tr[data-job='scratch-job'] [data-testid=delete-job]");

        ui.click(delete);
        ui.waitForText(By.id("confirm-title"), "Delete scratch-job?");
        ui.click(By.id("confirm-cancel"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(job("scratch-job").status()).isEqualTo(200);

        ui.click(delete);
        ui.click(By.cssSelector("[data-testid=confirm-ok]"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
        assertThat(job("scratch-job").status()).isEqualTo(404);
    }

    @Test
    @Order(9)
    void anAtRiskJobHasABadgeAndAFilterAndTheFormSetsTheRpo() throws IOException {
        Api.Response paused = system.api().post("/api/v1/jobs?project=" + PROJECT, "{\"name\":\"dash-paused\","
                + "\"sourceIds\":[\"d-12345\"],\"datastore\":\"ibs-primary\",\"schedule\":\"02:00\",\"enabled\":false}");
        assertThat(paused.status()).as(String.valueOf(paused.body())).isEqualTo(201);
        By pausedRpo = By.cssSelector("tr[data-job='dash-paused'] [data-testid=job-rpo]");
        By dailyRpo = By.cssSelector("tr[data-job='daily-prod-incr'] [data-testid=job-rpo]");
        ui.waitForText(pausedRpo, "At risk: paused");
        ui.waitForText(dailyRpo, "OK 26h");
        ui.waitForAttribute(pausedRpo, "data-rpo", "paused");
        ui.assertFitsAt1280x800("jobs-table-wrap", "dashboard-at-risk.png");

        // the filter: only the jobs at risk
        new Select(ui.visible(By.id("risk-filter"))).selectByValue("true");
        ui.waiting("only jobs at risk").until(d -> d.findElements(row("daily-prod-incr")).isEmpty());
        ui.visible(row("dash-paused"));
        new Select(ui.visible(By.id("risk-filter"))).selectByValue("");
        ui.visible(row("daily-prod-incr"));

        // the form sets the RPO; a bad one is reported next to its field
        ui.click(By.cssSelector("tr[data-job='daily-prod-incr'] [data-testid=edit-job]"));
        ui.waitForText(By.id("form-title"), "Edit daily-prod-incr");
        ui.type(By.id("job-rpo"), "soon");
        ui.click(By.id("job-save"));
        ui.waitForText(By.id("error-rpo"), "is not a duration");
        assertThat(ui.visible(By.id("job-rpo")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(job("daily-prod-incr").body().path("rpo").isMissingNode()
                || job("daily-prod-incr").body().path("rpo").isNull()).isTrue();
        ui.type(By.id("job-rpo"), "36h");
        ui.click(By.id("job-save"));
        ui.waitForText(By.id("job-title"), "daily-prod-incr");
        ui.waitForText(By.cssSelector("[data-testid=detail-rpo]"), "OK 36h");
        assertThat(job("daily-prod-incr").body().path("rpo").asText()).isEqualTo("36h");
        ui.click(By.id("back-to-jobs"));
        ui.waitForText(dailyRpo, "OK 36h");
        assertThat(system.api().delete("/api/v1/jobs/dash-paused?project=" + PROJECT).status()).isEqualTo(204);
        ui.waiting("the deleted job's row to go").until(d -> d.findElements(row("dash-paused")).isEmpty());
    }

    @Test
    @Order(10)
    void theJobsListAt1280x800() throws IOException {
        browser.navigate().refresh(); // the token stays for the tab's session
        By daily = row("daily-prod-incr");
        ui.visible(daily);
        ui.visible(row("weekly-prod-full"));
        assertThat(ui.visible(By.id("project-select")).getDomProperty("value")).isEqualTo(PROJECT);
        assertThat(ui.attribute(daily, "[data-testid=job-last-run]", "data-state")).isEqualTo("Completed");
        ui.assertFitsAt1280x800("jobs-table-wrap", "dashboard.png");
        // (the API's answers to the bad schedule and the concurrent edit, 400 and 412, and to the bad token, 401, are
        // not errors of the page)
        assertThat(ui.consoleErrors()).as("errors in the browser's console").isEmpty();

        ui.click(By.id("signout"));
        ui.visible(By.id("token"));
        assertThat(browser.executeScript("return sessionStorage.getItem('ironcore.token')")).isNull();
    }

    // --- the project of this test

    private static void installProject() throws IOException {
        Api api = system.api();
        Api.Response project = api.post("/api/v1/projects", "{\"name\":\"" + PROJECT + "\",\"description\":"
                + "\"The dashboard's end-to-end test\"}");
        assertThat(project.status()).as(String.valueOf(project.body())).isIn(201, 409);
        ObjectNode group = EventJson.mapper().createObjectNode().put("name", GROUP);
        group.putArray("targets").add(system.webhooks.url("/hooks/dash"));
        Api.Response g = api.post("/api/v1/notification-groups?project=" + PROJECT, group.toString());
        assertThat(g.status()).as(String.valueOf(g.body())).isIn(201, 409);
        for (DemoData.Vm vm : system.vms) {
            ObjectNode w = EventJson.mapper().createObjectNode().put("id", "d-" + vm.id()).put("name", vm.name());
            var tags = w.putArray("tags");
            for (String tag : vm.tags().split(",")) {
                tags.add(tag);
            }
            // a disk belongs to one workload: the project's own copy of the image, below the granted source root
            Path image = vm.image().resolveSibling(PROJECT + "-" + vm.image().getFileName());
            if (!Files.exists(image)) {
                Files.copy(vm.image(), image);
            }
            w.putArray("disks").addObject().put("name", "drive-scsi0").put("sourceRoot", DemoData.SOURCE_ROOT)
                    .put("path", image.getFileName().toString());
            Api.Response r = api.post("/api/v1/workloads?project=" + PROJECT, w.toString());
            assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
        }
    }

    private static Api.Response job(String name) {
        return system.api().get("/api/v1/jobs/" + name + "?project=" + PROJECT);
    }

    private static List<JsonNode> jobs() {
        List<JsonNode> out = new ArrayList<>();
        system.api().get("/api/v1/jobs?project=" + PROJECT).body().get("items").forEach(out::add);
        return out;
    }

    private static By row(String job) {
        return By.cssSelector("tr[data-job='" + job + "']");
    }









}
