package io.ironcore.prune;

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

/** prune-service records a prune pass for every completed run, on the real broker and database. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_prune"))
class PrunePassTest {

    @Test
    void everyCompletedRunLeavesOnePrunePass() {
        TopicProbe kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        String jobId = UUID.randomUUID().toString();
        String runId = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-11-26T02:00:00Z");
        RunCompleted done = new RunCompleted(runId, jobId, "daily-prod-incr", "w1", "incremental", "ibs-primary",
                "production", t, t.plusSeconds(5), new RunStats(1, 1, 1, 1, 1, 0, 0),
                List.of(new SnapshotCreated("12345", "ns/production/vm/12345/2026-11-26T02:00:00Z", 1)));
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(), done);
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(), done);

        await().atMost(Duration.ofSeconds(30)).until(() -> pass(runId) != null);
        PrunePass p = pass(runId);
        assertThat(p.snapshots).containsExactly("ns/production/vm/12345/2026-11-26T02:00:00Z");
        assertThat(p.state).isEqualTo(PrunePass.State.PENDING);
        assertThat(storedState(runId)).isEqualTo("PENDING"); // the table's string, as before the enum
        assertThat(count(runId)).isEqualTo(1); // the second delivery of the same run made none
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Transactional
    PrunePass pass(String runId) {
        return PrunePass.findById(runId);
    }

    @Transactional
    String storedState(String runId) {
        return (String) PrunePass.getEntityManager().createNativeQuery("select state from prune_pass where run_id = ?1")
                .setParameter(1, runId).getSingleResult();
    }

    @Transactional
    long count(String runId) {
        return PrunePass.count("runId", runId);
    }
}
