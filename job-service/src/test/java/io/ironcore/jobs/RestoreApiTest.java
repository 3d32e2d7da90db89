package io.ironcore.jobs;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.restore.RestoreCompleted;
import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.as;
import static io.ironcore.jobs.Fixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Restores over REST (also of a deleted job's snapshots, to relative targets only), and verify jobs. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class RestoreApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    @Test
    void aSnapshotOfTheProjectIsRestoredByAWorkerAndForeignOnesAreUnknown() {
        admin().body(Fixture.job("restore-src")).post("/api/v1/jobs").then().statusCode(201);
        String runId = admin().post("/api/v1/jobs/restore-src/run").then().statusCode(202).extract().path("id");
        String jobId = admin().get("/api/v1/jobs/restore-src").then().extract().path("id");
        String snapshot = "ns/production/vm/12345/2026-11-26T02:00:00Z";
        Instant t = Instant.parse("2026-11-26T02:00:00Z");
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(),
                new RunCompleted(runId, jobId, "restore-src", "w1", "incremental", "ibs-primary", "production", t, t,
                        new RunStats(1, 1, 1, 1, 1, 0, 0), List.of(new SnapshotCreated("12345", snapshot, 1))));
        await().atMost(WAIT).until(() -> "Completed".equals(admin().get("/api/v1/jobs/restore-src/runs/" + runId)
                .then().extract().path("state")));

        String restoreId = admin().body(Map.of("snapshotId", snapshot, "target", "web-01/disk.raw"))
                .post("/api/v1/restores").then().statusCode(202).body("state", equalTo("Queued"))
                .extract().path("id");
        RestoreRequested req = EventJson.read(kafka.await(Topics.RUN_REQUESTS,
                r -> r.valueString().contains(restoreId), WAIT).value(), RestoreRequested.class);
        assertThat(req.datastore().path()).isEqualTo("/srv/datastores/ibs-primary");
        assertThat(req.image()).isEqualTo("drive-scsi0");
        assertThat(req.snapshotId()).isEqualTo(snapshot);

        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RESTORE_COMPLETED, UUID.randomUUID().toString(),
                new RestoreCompleted(restoreId, jobId, snapshot, "drive-scsi0", "w1", "/r/web-01/disk.raw", 123, t, t));
        await().atMost(WAIT).until(() -> "Completed".equals(admin().get("/api/v1/restores/" + restoreId)
                .then().extract().path("state")));

        // bob (project bravo) cannot restore alpha's or default's snapshots, nor learn they exist
        as(token("bob")).body(Map.of("snapshotId", snapshot, "target", "x.raw")).post("/api/v1/restores")
                .then().statusCode(404).contentType("application/problem+json");
        as(token("bob")).get("/api/v1/restores/" + restoreId).then().statusCode(404);
        admin().body(Map.of("snapshotId", snapshot, "target", "../etc/passwd")).post("/api/v1/restores")
                .then().statusCode(400).body("errors.field", hasItem("target"));
        admin().body(Map.of("snapshotId", snapshot, "target", "/etc/passwd")).post("/api/v1/restores")
                .then().statusCode(400).body("errors.field", hasItem("target"));
        admin().body(Map.of("snapshotId", "ns/production/vm/1/2020-01-01T00:00:00Z", "target", "x.raw"))
                .post("/api/v1/restores").then().statusCode(404);
    }

    @Test
    void aVerifyJobNeedsNoSourcesAndRequestsAVerifyRun() {
        admin().body("{\"name\":\"verify-prod\",\"action\":\"verify\",\"datastore\":\"ibs-primary\","
                        + "\"namespace\":\"production\",\"schedule\":\"05:00\"}").post("/api/v1/jobs")
                .then().statusCode(201).body("action", equalTo("verify"));
        String runId = admin().post("/api/v1/jobs/verify-prod/run").then().statusCode(202).extract().path("id");
        RunRequested req = EventJson.read(kafka.await(Topics.RUN_REQUESTS, r -> r.valueString().contains(runId), WAIT)
                .value(), RunRequested.class);
        assertThat(req.verify()).isTrue();
        // the groups of the job's own project, never every group of the namespace
        assertThat(req.sources()).extracting(RunSource::id).contains("12345", "12346", "12347", "12348")
                .doesNotContain("a-1", "b-1");
    }

    @Test
    void aDeletedJobsSnapshotsAreListedVerifiedAndRestoredByItsProjectOnly() {
        String adam = token("adam");
        String alice = token("alice");
        as(adam).body("{\"name\":\"alpha-gone\",\"sourceIds\":[\"a-1\"],\"datastore\":\"ibs-primary\","
                + "\"namespace\":\"production\"}").post("/api/v1/jobs?project=alpha").then().statusCode(201);
        String jobId = as(adam).get("/api/v1/jobs/alpha-gone?project=alpha").then().extract().path("id");
        String runId = as(adam).post("/api/v1/jobs/alpha-gone/run?project=alpha").then().statusCode(202)
                .extract().path("id");
        String snapshot = "ns/production/vm/a-1/2026-11-27T02:00:00Z";
        String retired = "ns/production/vm/a-retired/2026-11-27T02:00:00Z";
        Instant t = Instant.parse("2026-11-27T02:00:00Z");
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(),
                new RunCompleted(runId, jobId, "alpha-gone", "w1", "incremental", "ibs-primary", "production", t, t,
                        new RunStats(1, 1, 1, 1, 1, 0, 0), List.of(new SnapshotCreated("a-1", snapshot, 1),
                        new SnapshotCreated("a-retired", retired, 1))));
        await().atMost(WAIT).until(() -> as(alice).get("/api/v1/snapshots?project=alpha").then().statusCode(200)
                .extract().jsonPath().getList("snapshotId").contains(snapshot));
        as(adam).delete("/api/v1/jobs/alpha-gone?project=alpha").then().statusCode(204);
        as(adam).get("/api/v1/jobs/alpha-gone?project=alpha").then().statusCode(404);

        // its snapshots stay: listed for the project, protected, restored by its members
        as(alice).get("/api/v1/snapshots?project=alpha").then().statusCode(200)
                .body("snapshotId", hasItem(snapshot)).body("project", everyItem(equalTo("alpha")));
        as(token("bob")).get("/api/v1/snapshots?project=bravo").then().statusCode(200)
                .body("snapshotId", not(hasItem(snapshot)));
        as(token("bob")).get("/api/v1/snapshots?project=alpha").then().statusCode(404);
        as(alice).body(Map.of("snapshotId", snapshot)).post("/api/v1/snapshots/protect?project=alpha")
                .then().statusCode(200).body("isProtected", equalTo(true));
        String restoreId = as(alice).body(Map.of("snapshotId", snapshot, "target", "alpha/a-1.raw"))
                .post("/api/v1/restores?project=alpha").then().statusCode(202).body("jobId", equalTo(jobId))
                .extract().path("id");
        RestoreRequested req = EventJson.read(kafka.await(Topics.RUN_REQUESTS,
                r -> r.valueString().contains(restoreId), WAIT).value(), RestoreRequested.class);
        assertThat(req.project()).isEqualTo("alpha");
        assertThat(req.datastore().path()).isEqualTo("/srv/datastores/ibs-primary");
        assertThat(req.snapshotId()).isEqualTo(snapshot);
        as(token("bob")).body(Map.of("snapshotId", snapshot, "target", "x.raw")).post("/api/v1/restores")
                .then().statusCode(404).contentType("application/problem+json");
        admin().body(Map.of("snapshotId", snapshot, "target", "x.raw")).post("/api/v1/restores?project=default")
                .then().statusCode(404);
        as(token("bob")).body(Map.of("snapshotId", snapshot)).post("/api/v1/snapshots/unprotect")
                .then().statusCode(404);

        // a verify job of the project still checks the groups the deleted job wrote, and only the project's
        as(adam).body("{\"name\":\"alpha-verify\",\"action\":\"verify\",\"datastore\":\"ibs-primary\","
                + "\"namespace\":\"production\"}").post("/api/v1/jobs?project=alpha").then().statusCode(201);
        String verifyId = as(adam).post("/api/v1/jobs/alpha-verify/run?project=alpha").then().statusCode(202)
                .extract().path("id");
        RunRequested verify = EventJson.read(kafka.await(Topics.RUN_REQUESTS,
                r -> r.valueString().contains(verifyId), WAIT).value(), RunRequested.class);
        assertThat(verify.sources()).extracting(RunSource::id).contains("a-1", "a-retired")
                .doesNotContain("12345", "b-1");
    }

    @Test
    void aRestoreTargetThatEscapesItsDirectoryIsRefusedAndNothingIsQueued() {
        long before = restores();
        String snapshot = "ns/production/vm/12345/2026-11-26T02:00:00Z";
        for (String target : List.of("/etc/cron.d/x", "../x.raw", "a/../../x.raw", "a/..", ".", "", " ", "a//b",
                "a/", "a\u0000b", "x".repeat(513), "a/./b")) {
            admin().body(Map.of("snapshotId", snapshot, "target", target)).post("/api/v1/restores")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("target"));
        }
        assertThat(restores()).isEqualTo(before);
    }

    private static long restores() {
        return QuarkusTransaction.requiringNew().call(() -> Restore.count());
    }
}
