package io.ironcore.sync;

import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** sync-service keeps the full snapshots to replicate, on the real broker and database. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_sync"))
class SyncCandidateTest {

    @Test
    void fullSnapshotsBecomeCandidatesAndIncrementalOnesDoNot() {
        TopicProbe kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Instant t = Instant.parse("2026-11-29T03:00:00Z");
        RunCompleted incremental = run("incremental", "ns/production/vm/12345/2026-11-28T02:00:00Z", t);
        RunCompleted full = run("full", "ns/production/vm/12345/2026-11-29T03:00:00Z", t);
        kafka.sendEvent(Topics.RUN_EVENTS, incremental.jobId(), EventTypes.RUN_COMPLETED,
                UUID.randomUUID().toString(), incremental);
        kafka.sendEvent(Topics.RUN_EVENTS, full.jobId(), EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(), full);

        await().atMost(Duration.ofSeconds(30)).until(() -> candidate(full.snapshots().get(0).snapshotId()) != null);
        assertThat(candidate(incremental.snapshots().get(0).snapshotId())).isNull();
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static RunCompleted run(String mode, String snapshot, Instant t) {
        return new RunCompleted(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "weekly-prod-full", "w1",
                mode, "ibs-primary", "production", t, t.plusSeconds(5), new RunStats(1, 1, 1, 1, 1, 0, 0),
                List.of(new SnapshotCreated("12345", snapshot, 1)));
    }

    @Transactional
    SyncCandidate candidate(String snapshotId) {
        return SyncCandidate.findById(new SyncCandidate.Key("ibs-primary", snapshotId));
    }
}
