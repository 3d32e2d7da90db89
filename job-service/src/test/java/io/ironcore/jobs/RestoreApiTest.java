package io.ironcore.jobs;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.restore.RestoreCompleted;
import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
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
import static org.hamcrest.Matchers.hasItem;

/** Restores over REST, and verify jobs. */
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
        assertThat(req.sources()).isEmpty();
    }
}
