package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.local.DemoData;
import io.ironcore.local.IroncoreSystem;
import io.ironcore.local.Service;
import io.ironcore.local.WebhookReceiver;
import io.ironcore.local.testing.TopicProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run's whole life, end to end: the six packaged services on a real Kafka broker and a real PostgreSQL; a job
 * created over REST and with the product page's CLI commands, run now, backed up into a real datastore, restored
 * byte for byte, reported on the event log, in the run history and to a real webhook receiver.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunLifecycleIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Path repo;
    private static Path data;
    private static IroncoreSystem system;
    private static WebhookReceiver webhooks;
    private static List<DemoData.Vm> vms;
    private static TopicProbe kafka;
    private static final String TOKEN = SharedSystem.TOKEN;

    @BeforeAll
    static void start() {
        SharedSystem s = SharedSystem.get();
        repo = s.repo;
        data = s.data;
        system = s.system;
        webhooks = s.webhooks;
        vms = s.vms;
        kafka = s.kafka;
    }

    private static Api api() {
        return new Api(system.url(Service.JOB), TOKEN);
    }

    @Test
    @Order(1)
    void aJobCreatedOverRestRunsNowIntoARestorableSnapshotAndEveryoneHearsOfIt() throws Exception {
        Api.Response created = api().post("/api/v1/jobs", "{\"name\":\"rest-job\",\"sourceIds\":[\"12345\"],"
                + "\"datastore\":\"ibs-primary\",\"namespace\":\"production\",\"mode\":\"full\"}");
        assertThat(created.status()).isEqualTo(201);
        Api.Response run = api().post("/api/v1/jobs/rest-job/run", null);
        assertThat(run.status()).isEqualTo(202);
        String runId = run.body().get("id").asText();

        // the run history shows Completed
        api().awaitCompleted("/api/v1/jobs/rest-job/runs/" + runId, WAIT);
        JsonNode history = api().get("/api/v1/jobs/rest-job/runs").body().get("items");
        assertThat(history).anySatisfy(r -> {
            assertThat(r.get("id").asText()).isEqualTo(runId);
            assertThat(r.get("state").asText()).isEqualTo("Completed");
        });

        // RunCompleted is on the run events topic, with CloudEvents headers
        TopicProbe.Rec rec = kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_COMPLETED.equals(r.ceType())
                && runId.equals(EventJson.read(r.value(), RunCompleted.class).runId()), WAIT);
        assertThat(rec.header(CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(rec.header(CloudEventHeaders.SOURCE)).isEqualTo("/ironcore/backup-worker");
        assertThat(rec.header(CloudEventHeaders.SUBJECT)).isEqualTo("runs/" + runId);
        assertThat(rec.ceId()).isNotBlank();
        assertThat(Instant.parse(rec.header(CloudEventHeaders.TIME))).isBefore(Instant.now());
        assertThat(rec.key()).isEqualTo(created.body().get("id").asText());
        RunCompleted completed = EventJson.read(rec.value(), RunCompleted.class);

        // the snapshot is in the datastore and restores byte-identical to the image
        String snapshotId = completed.snapshots().get(0).snapshotId();
        Path restored = data.resolve("restored-" + runId + ".raw");
        try (Datastore ds = Datastore.open(data.resolve("datastores/ibs-primary"))) {
            ds.restore(SnapshotRef.parse(snapshotId), "drive-scsi0", restored);
        }
        assertThat(Files.mismatch(vms.get(0).image(), restored)).isEqualTo(-1L);

        // the webhook receiver got the notification
        await().atMost(WAIT).until(() -> webhooks.deliveries().stream().anyMatch(d -> d.body().contains(runId)));
        WebhookReceiver.Delivery d = webhooks.deliveries().stream().filter(x -> x.body().contains(runId))
                .findFirst().orElseThrow();
        assertThat(d.body()).contains("\"status\":\"Completed\"").contains(snapshotId);
        assertThat(d.header("webhook-id")).isNotBlank();
    }

    /** The job's line in {@code job list}, in the default project (DashboardIT has jobs of the same names in dash). */
    private static String row(Cli.Result list, String job) {
        return list.stdout().lines().filter(l -> l.matches(Pattern.quote(job) + "\\s+" + Pattern.quote(DemoData.PROJECT)
                + "\\s.*")).findFirst().orElseThrow(() -> new AssertionError(job + " in " + DemoData.PROJECT
                + " not listed: " + list.stdout()));
    }

    @Test
    @Order(2)
    void theProductPagesCommandsRunVerbatimAndTheRunShowsInTheHistory() {
        Cli cli = new Cli(repo, system.url(Service.JOB), TOKEN);
        Cli.Result daily = cli.run("job", "create", "--name", "daily-prod-incr", "--schedule", "02:00", "--type", "vm",
                "--source-id", "12345,12346,12347", "--repository", "ibs-primary", "--namespace", "production",
                "--retention", "keep-daily=7", "--notification-mode", "always");
        assertThat(daily.exitCode()).as(daily.stderr()).isZero();
        Cli.Result weekly = cli.run("job", "create", "--name", "weekly-prod-full", "--schedule", "Sun 03:00",
                "--type", "vm", "--source-id", "12345,12346,12347", "--repository", "ibs-primary", "--namespace",
                "production", "--mode", "full", "--retention", "keep-weekly=3", "--notification-mode", "always");
        assertThat(weekly.exitCode()).as(weekly.stderr()).isZero();

        Cli.Result run = cli.run("job", "run", "--name", "daily-prod-incr", "--wait", "--timeout", "PT2M");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("Completed").contains("3 snapshot(s)");

        Cli.Result list = cli.run("job", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout()).contains("NEXT RUN").contains("daily-prod-incr").contains("weekly-prod-full");
        // both show their next run times, 02:00 UTC daily and Sunday 03:00 UTC, then their RPO: the daily job is
        // protected by the run it just had, the weekly one has had none yet
        assertThat(row(list, "weekly-prod-full"))
                .containsPattern("T03:00:00Z\\s+pending$");
        assertThat(row(list, "daily-prod-incr"))
                .containsPattern("T02:00:00Z\\s+ok 26h$");
        assertThat(row(list, "daily-prod-incr"))
                .contains("Completed");
        JsonNode runs = api().get("/api/v1/jobs/daily-prod-incr/runs").body().get("items");
        assertThat(runs).singleElement().satisfies(r -> assertThat(r.get("state").asText()).isEqualTo("Completed"));

        Cli.Result bad = cli.run("job", "create", "--name", "bad-job", "--source-id", "99999", "--repository",
                "ibs-primary");
        assertThat(bad.exitCode()).isEqualTo(7);
        assertThat(bad.stderr().strip()).isEqualTo("ironcore-backup: --source-id[0]: unknown workload '99999'");
    }

    @Test
    @Order(3)
    void anEventCommittedBeforeACrashIsPublishedOnceAfterTheRestart() throws Exception {
        system.stop(Service.JOB);
        system.start(Service.JOB, Map.of("IRONCORE_EVENTING_RELAY_ENABLED", "false"));
        Api.Response created = api().post("/api/v1/jobs", "{\"name\":\"crash-job\",\"sourceIds\":[\"12346\"],"
                + "\"datastore\":\"ibs-primary\"}");
        assertThat(created.status()).isEqualTo(201);
        String jobId = created.body().get("id").asText();
        system.kill(Service.JOB); // committed, never relayed
        assertThat(kafka.readAll(Topics.JOB_EVENTS)).noneMatch(r -> jobId.equals(r.key()));

        system.start(Service.JOB, Map.of());
        String eventId = kafka.await(Topics.JOB_EVENTS, r -> jobId.equals(r.key()), WAIT).ceId();
        await().atMost(WAIT).until(() -> inboxCount("ironcore_scheduler", eventId) == 1);
        await().atMost(WAIT).until(() -> scheduled("crash-job"));

        // a second restart neither loses nor re-publishes: a new event arrives, the old one is still there once
        system.stop(Service.JOB);
        system.start(Service.JOB, Map.of());
        String after = api().post("/api/v1/jobs", "{\"name\":\"after-restart\",\"sourceIds\":[\"12347\"],"
                + "\"datastore\":\"ibs-primary\"}").body().get("id").asText();
        kafka.await(Topics.JOB_EVENTS, r -> after.equals(r.key()), WAIT);
        assertThat(kafka.readAll(Topics.JOB_EVENTS).stream().filter(r -> eventId.equals(r.ceId()))).hasSize(1);
        assertThat(inboxCount("ironcore_scheduler", eventId)).isEqualTo(1);
        assertThat(inboxCount("ironcore_notification", eventId)).isEqualTo(1);
    }

    private static long inboxCount(String database, String eventId) throws Exception {
        try (Connection c = connect(database);
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM inbox_event WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean scheduled(String jobName) throws Exception {
        try (Connection c = connect("ironcore_scheduler");
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM job_schedule WHERE job_name = ?")) {
            q.setString(1, jobName);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    private static Connection connect(String database) throws Exception {
        var pg = system.infrastructure().postgres();
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
    }
}
