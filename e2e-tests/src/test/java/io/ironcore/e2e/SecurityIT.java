package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.DiskImage;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.local.DemoData;
import io.ironcore.local.Service;
import io.ironcore.local.WebhookReceiver;
import io.ironcore.local.testing.TopicProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The security suite: every attack a hostile tenant (a project administrator of their own project) or a forged event
 * tried, replayed against the packaged services. Each is answered 4xx with the field at fault, and nothing is
 * persisted or sent; a worker refuses a forged request on its own. docs/security.md is the model these attacks test.
 */
class SecurityIT {
    private static final String TENANT = "tenant-b";
    private static final String PROBLEM = "application/problem+json";
    private static SharedSystem system;
    private static Api admin;
    private static Api mallory;

    @BeforeAll
    static void start() {
        system = SharedSystem.get();
        admin = system.api();
        Api.Response project = admin.post("/api/v1/projects", "{\"name\":\"" + TENANT + "\"}");
        assertThat(project.status()).isIn(201, 409);
        admin.post("/api/v1/users", "{\"name\":\"mallory\"}");
        assertThat(admin.put("/api/v1/projects/" + TENANT + "/members/mallory", "{\"role\":\"admin\"}").status())
                .isEqualTo(200);
        Api.Response token = admin.post("/api/v1/users/mallory/tokens", "{\"name\":\"attacks\"}");
        assertThat(token.status()).isEqualTo(201);
        mallory = new Api(system.url(Service.JOB), token.body().get("token").asText());
    }

    private static void assertRefused(Api.Response r, int status, String field) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith(PROBLEM);
        if (field != null) {
            assertThat(r.body().toString()).contains("\"" + field);
        }
    }

    private static List<String> workloadIds(Api api, String project) {
        return ids(api.get("/api/v1/workloads?project=" + project).body(), "id");
    }

    private static List<String> ids(JsonNode list, String field) {
        JsonNode items = list.has("items") ? list.get("items") : list;
        return Stream.iterate(0, i -> i < items.size(), i -> i + 1).map(i -> items.get(i).path(field).asText())
                .toList();
    }

    @Test
    void aWorkloadOnAHostFileIsRefusedAndNotStored() {
        assertRefused(mallory.post("/api/v1/workloads?project=" + TENANT, "{\"id\":\"66601\",\"name\":\"shadow\","
                + "\"disks\":[{\"name\":\"d0\",\"path\":\"/etc/shadow\"}]}"), 400, "disks[0]");
        assertRefused(mallory.post("/api/v1/workloads?project=" + TENANT, "{\"id\":\"66602\",\"name\":\"dots\","
                + "\"disks\":[{\"name\":\"d0\",\"sourceRoot\":\"" + DemoData.SOURCE_ROOT
                + "\",\"path\":\"../../../etc/shadow\"}]}"), 400, "disks[0]");
        assertThat(workloadIds(admin, TENANT)).isEmpty();
    }

    @Test
    void anotherProjectsImageCannotBeRegistered() {
        Path image = system.vms.get(0).image();
        // a project the images' source root is not granted to: neither by path nor by the root's name
        assertRefused(mallory.post("/api/v1/workloads?project=" + TENANT, "{\"id\":\"66603\",\"name\":\"steal\","
                + "\"disks\":[{\"name\":\"d0\",\"path\":\"" + image + "\"}]}"), 400, "disks[0]");
        assertRefused(mallory.post("/api/v1/workloads?project=" + TENANT, "{\"id\":\"66604\",\"name\":\"steal\","
                + "\"disks\":[{\"name\":\"d0\",\"sourceRoot\":\"" + DemoData.SOURCE_ROOT + "\",\"path\":\""
                + image.getFileName() + "\"}]}"), 400, "disks[0]");
        assertThat(workloadIds(admin, TENANT)).isEmpty();
        // a project it is granted to: the disk belongs to another project's workload already
        String other = SharedSystem.IMAGE_PROJECTS.get(1);
        assertRefused(admin.post("/api/v1/workloads?project=" + other, "{\"id\":\"66605\",\"name\":\"steal\","
                + "\"disks\":[{\"name\":\"d0\",\"sourceRoot\":\"" + DemoData.SOURCE_ROOT + "\",\"path\":\""
                + image.getFileName() + "\"}]}"), 409, "disks[0]");
        assertThat(workloadIds(admin, other)).doesNotContain("66605");
    }

    @Test
    void anotherProjectsJobsSnapshotsAndWorkloadsAreInvisible() {
        assertThat(mallory.get("/api/v1/jobs?project=" + DemoData.PROJECT).status()).isEqualTo(404);
        assertThat(mallory.get("/api/v1/workloads?project=" + DemoData.PROJECT).status()).isEqualTo(404);
        assertRefused(mallory.post("/api/v1/restores?project=" + TENANT, "{\"snapshotId\":\"ns/production/vm/"
                + system.vms.get(0).id() + "/2026-11-26T02:00:00Z\",\"target\":\"x.raw\"}"), 404, null);
    }

    @Test
    void aJobCannotSelectAnotherProjectsWorkloads() {
        assertRefused(mallory.post("/api/v1/jobs?project=" + TENANT, "{\"name\":\"grab\",\"include\":[{\"project\":\""
                + DemoData.PROJECT + "\"}],\"datastore\":\"ibs-primary\"}"), 400, "include[0]");
        assertThat(mallory.get("/api/v1/jobs/grab?project=" + TENANT).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/cron.d/x", "/etc/cron.d/x", "a/../../b", "restores//x", "."})
    void aRestoreTargetOutsideItsRootIsRefused(String target) {
        assertRefused(admin.post("/api/v1/restores", "{\"snapshotId\":\"vm/12345/2026-11-26T02:00:00Z\","
                + "\"target\":\"" + target + "\"}"), 400, "target");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:15432/",
            "http://[::1]:8085/", "http://0x7f000001:19092/", "http://2130706433/", "http://127.1:8080/",
            "http://[::ffff:127.0.0.1]:8080/", "http://10.0.0.1/hook", "http://192.168.1.1/", "http://0.0.0.0:8080/",
            "http://localhost:8080/api/v1/jobs", "http://user@example.org@127.0.0.1/", "file:///etc/shadow",
            "gopher://127.0.0.1:8025/"})
    void aWebhookThatReachesInsideIsRefused(String target) {
        String name = "ssrf-" + UUID.randomUUID().toString().substring(0, 8);
        assertRefused(mallory.post("/api/v1/notification-groups?project=" + TENANT, "{\"name\":\"" + name
                + "\",\"targets\":[\"" + target + "\"]}"), 400, "targets[0]");
        assertThat(ids(mallory.get("/api/v1/notification-groups?project=" + TENANT).body(), "name"))
                .doesNotContain(name);
    }

    @Test
    void aTypoInAFieldIsRefusedNotIgnored() {
        assertRefused(mallory.post("/api/v1/jobs?project=" + TENANT, "{\"name\":\"typo\",\"datastore\":\"ibs-primary\","
                + "\"retension\":\"keep-daily=7\"}"), 400, "retension");
        assertRefused(mallory.post("/api/v1/jobs?project=" + TENANT, "{\"name\":\"dup\",\"name\":\"dup2\","
                + "\"datastore\":\"ibs-primary\"}"), 400, "name");
        assertThat(mallory.get("/api/v1/jobs/typo?project=" + TENANT).status()).isEqualTo(404);
        assertThat(mallory.get("/api/v1/jobs/dup2?project=" + TENANT).status()).isEqualTo(404);
    }

    @Test
    void aScheduleThatNeverElapsesIsRefused() {
        Api.Response r = admin.post("/api/v1/jobs", "{\"name\":\"never\",\"datastore\":\"ibs-primary\","
                + "\"sourceIds\":[\"12345\"],\"schedule\":\"*-02-30 02:00\"}");
        assertRefused(r, 400, "schedule");
        assertThat(r.body().toString()).contains("never elapses");
        assertThat(admin.get("/api/v1/jobs/never").status()).isEqualTo(404);
    }

    @Test
    void aWorkerHandedAHostFileByAForgedRequestRefusesIt() throws IOException {
        JsonNode primary = Stream.of(admin.get("/api/v1/datastores").body()).flatMap(n -> {
            JsonNode items = n.has("items") ? n.get("items") : n;
            return Stream.iterate(0, i -> i < items.size(), i -> i + 1).map(items::get);
        }).filter(d -> d.path("name").asText().equals("ibs-primary")).findFirst().orElseThrow();
        Path datastore = Path.of(primary.get("path").asText());
        String runId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        RunRequested forged = new RunRequested(runId, jobId, "forged", DemoData.PROJECT, RunRequested.Trigger.MANUAL,
                null, Instant.now(), RunMode.FULL, new DatastoreRef("ibs-primary", datastore.toString()), "production",
                List.of(new RunSource("66606", "forged", List.of(new DiskImage("d0", "/etc/shadow")))));
        TopicProbe kafka = system.kafka;
        kafka.sendEvent(Topics.RUN_REQUESTS, jobId, EventTypes.RUN_REQUESTED, UUID.randomUUID().toString(), forged);
        TopicProbe.Rec failed = kafka.await(Topics.RUN_EVENTS, r -> EventTypes.RUN_FAILED.equals(r.ceType())
                && r.valueString().contains(runId), Duration.ofSeconds(90));
        assertThat(failed.valueString()).contains("/etc/shadow").contains("source roots");
        if (Files.exists(datastore)) { // nothing ran before in this JVM: the worker made no datastore either
            try (Stream<Path> files = Files.walk(datastore)) {
                assertThat(files.map(Path::toString).filter(p -> p.contains("66606"))).isEmpty();
            }
        }
        assertThat(kafka.readAll(Topics.RUN_EVENTS).stream().filter(r -> r.valueString().contains(runId))
                .filter(r -> EventTypes.RUN_COMPLETED.equals(r.ceType()))).isEmpty();
    }

    @Test
    void aWebhookReceiverOutsideTheAllowedPortsReceivesNothing() throws Exception {
        // a real HTTP server on loopback that the system does not allow: a group aimed at it is refused at once
        try (WebhookReceiver inside = WebhookReceiver.start(0, null)) {
            assertRefused(admin.post("/api/v1/notification-groups", "{\"name\":\"inside\",\"targets\":[\""
                    + inside.url("/hooks/x") + "\"]}"), 400, "targets[0]");
            assertThat(inside.deliveries()).isEmpty();
        }
    }

    @Test
    void aSyncJobOverANamespaceSharedWithAnotherProjectCopiesNoneOfItsGroups() throws IOException {
        // the default project backs up a VM of its own into the shared ibs-primary/production
        Path image = system.data.resolve("images/sec-shared.raw");
        DemoData.writeImage(image, 4L << 20, 201);
        assertThat(admin.post("/api/v1/workloads", "{\"id\":\"sec-shared\",\"name\":\"sec-shared\",\"disks\":"
                + "[{\"name\":\"d0\",\"sourceRoot\":\"" + DemoData.SOURCE_ROOT + "\",\"path\":\"sec-shared.raw\"}]}")
                .status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/jobs", "{\"name\":\"sec-shared-job\",\"sourceIds\":[\"sec-shared\"],"
                + "\"datastore\":\"ibs-primary\",\"namespace\":\"production\",\"mode\":\"full\"}").status())
                .isEqualTo(201);
        String run = admin.post("/api/v1/jobs/sec-shared-job/run", null).body().get("id").asText();
        String snapshot = admin.awaitCompleted("/api/v1/jobs/sec-shared-job/runs/" + run, Duration.ofMinutes(2))
                .get("snapshots").get(0).get("snapshotId").asText();

        // another project's administrator syncs that namespace to the Backup site, and runs it now
        Api.Response created = mallory.post("/api/v1/sync-jobs?project=" + TENANT, "{\"name\":\"grab-sync\","
                + "\"sourceDatastore\":\"ibs-primary\",\"sourceNamespace\":\"production\",\"targetDatastore\":"
                + "\"ibs-backup\",\"targetNamespace\":\"production\",\"schedule\":\"Sun 03:00\"}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        assertThat(mallory.post("/api/v1/sync-jobs/grab-sync/run?project=" + TENANT, null).status()).isEqualTo(202);
        JsonNode last = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                mallory.get("/api/v1/sync-jobs/grab-sync?project=" + TENANT).body().path("lastSync"),
                l -> "completed".equals(l.path("state").asText()) || "failed".equals(l.path("state").asText()));
        assertThat(last.path("copied").asInt()).as("%s", last).isZero();
        assertThat(mallory.get("/api/v1/sync-jobs/grab-sync/copies?project=" + TENANT).body()).isEmpty();
        assertThat(last.toString()).doesNotContain("sec-shared");
        try (io.ironcore.datastore.Datastore ds = io.ironcore.datastore.Datastore.open(system.data.resolve(
                "datastores/ibs-backup"))) {
            assertThat(ds.listGroups(io.ironcore.datastore.Namespace.parse("production")).toString())
                    .doesNotContain("sec-shared");
        }
        // and nothing of it reaches the tenant's lists or restores
        assertThat(mallory.get("/api/v1/snapshots?project=" + TENANT).body().toString()).doesNotContain("sec-shared");
        assertRefused(mallory.post("/api/v1/restores?project=" + TENANT, "{\"snapshotId\":\"" + snapshot
                + "\",\"target\":\"x.raw\"}"), 404, null);
    }
}
