package io.ironcore.jobs;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.prune.PruneCompleted;
import io.ironcore.events.prune.SnapshotDecision;
import io.ironcore.events.prune.SnapshotProtectionChanged;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
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
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/** The snapshot catalog of a job (from run and prune events) and protection over REST. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class SnapshotApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void snapshotsAreListedProtectedAndForgottenWhenPruned() {
        Fixture.ensure();
        TopicProbe kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        admin().body(Fixture.job("snap-job")).post("/api/v1/jobs").then().statusCode(201);
        String jobId = admin().get("/api/v1/jobs/snap-job").then().extract().path("id");
        String runId = admin().post("/api/v1/jobs/snap-job/run").then().statusCode(202).extract().path("id");
        String a = "ns/production/vm/12345/2026-11-25T02:00:00Z";
        String b = "ns/production/vm/12346/2026-11-25T02:00:00Z";
        Instant t = Instant.parse("2026-11-25T02:00:00Z");
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(),
                new RunCompleted(runId, jobId, "snap-job", "w1", "incremental", "ibs-primary", "production", t, t,
                        new RunStats(2, 2, 2, 2, 2, 0, 0), List.of(new SnapshotCreated("12345", a, 10),
                        new SnapshotCreated("12346", b, 20)), "/srv/datastores/ibs-primary", "backup"));
        await().atMost(WAIT).until(() -> admin().get("/api/v1/jobs/snap-job/snapshots").then().statusCode(200)
                .extract().jsonPath().getList("snapshotId").size() == 2);

        admin().get("/api/v1/snapshots").then().statusCode(200).body("snapshotId", hasItems(a, b))
                .body("find { it.snapshotId == '" + a + "' }.project", equalTo("default"));
        as(token("bob")).get("/api/v1/snapshots").then().statusCode(200).body("snapshotId", not(hasItem(a)));

        admin().body(Map.of("snapshotId", a)).post("/api/v1/snapshots/protect").then().statusCode(200)
                .body("isProtected", equalTo(true));
        SnapshotProtectionChanged changed = EventJson.read(kafka.await(Topics.JOB_EVENTS, r ->
                EventTypes.SNAPSHOT_PROTECTION_CHANGED.equals(r.ceType()) && r.valueString().contains(a), WAIT)
                .value(), SnapshotProtectionChanged.class);
        assertThat(changed.isProtected()).isTrue();
        assertThat(changed.datastore().path()).isEqualTo("/srv/datastores/ibs-primary");
        as(token("bob")).body(Map.of("snapshotId", a)).post("/api/v1/snapshots/unprotect").then().statusCode(404);

        kafka.sendEvent(Topics.PRUNE_EVENTS, jobId, EventTypes.PRUNE_COMPLETED, UUID.randomUUID().toString(),
                new PruneCompleted(UUID.randomUUID().toString(), jobId, "snap-job", runId, "ibs-primary",
                        "production", "keep-daily=7", List.of(new SnapshotDecision(a, "protected")),
                        List.of(new SnapshotDecision(b, "not kept by any window")), t));
        await().atMost(WAIT).until(() -> admin().get("/api/v1/jobs/snap-job/snapshots").then().extract()
                .jsonPath().getList("snapshotId").equals(List.of(a)));
        admin().get("/api/v1/jobs/snap-job/snapshots").then().body("[0].keptReason", equalTo("protected"));
        admin().body(Map.of("snapshotId", b)).post("/api/v1/snapshots/protect").then().statusCode(404);
    }
}
