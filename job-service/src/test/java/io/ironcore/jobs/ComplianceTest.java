package io.ironcore.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.jobs.service.Compliance;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.restassured.path.json.JsonPath;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.createJob;
import static io.ironcore.jobs.Fixture.jobSpec;
import static io.ironcore.jobs.Fixture.unique;
import static io.ironcore.jobs.JobMetricsTest.job;
import static io.ironcore.jobs.JobMetricsTest.scrape;
import static io.ironcore.jobs.JobMetricsTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A backup job is at risk when its newest good snapshot is older than its RPO, or while it is paused; each
 * transition is one JobRpoBreached or JobRpoRestored on ironcore.compliance-events, and the gauge follows.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class ComplianceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TopicProbe kafka;
    @Inject
    Compliance compliance;
    @Inject
    EntityManager em;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    @Test
    void timePutsAJobAtRiskAndAGoodSnapshotRestoresItOncePerTransition() {
        String name = unique("rpo-quiet");
        Map<String, Object> spec = jobSpec(name);
        spec.put("rpo", "1m");
        String jobId = createJob(spec);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // a good snapshot 50 s old: protected for 10 more seconds, then the sweep finds the job at risk
        complete(jobId, name, now.minusSeconds(50));
        await().atMost(WAIT).untilAsserted(() -> admin().get("/api/v1/jobs/" + name).then()
                .body("compliance.state", equalTo("protected")));

        TopicProbe.Rec breached = awaitCompliance(jobId, EventTypes.JOB_RPO_BREACHED);
        JsonNode b = Fixture.json(breached.valueString());
        assertThat(b.path("state").asText()).isEqualTo("stale");
        assertThat(b.path("rpoSeconds").asLong()).isEqualTo(60);
        assertThat(b.path("breachedAt").asText()).isEqualTo(now.plusSeconds(10).toString());
        admin().get("/api/v1/jobs/" + name).then().body("compliance.state", equalTo("stale"))
                .body("compliance.atRisk", equalTo(true));
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(value(scrape(), "ironcore_job_rpo_breached", job(name))).isEqualTo(1));

        complete(jobId, name, Instant.now());
        TopicProbe.Rec restored = awaitCompliance(jobId, EventTypes.JOB_RPO_RESTORED);
        assertThat(Fixture.json(restored.valueString()).path("deleted").asBoolean()).isFalse();
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(value(scrape(), "ironcore_job_rpo_breached", job(name))).isZero());
        // a few sweeps later, still exactly one event per transition
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
        assertThat(events(jobId)).containsExactly(EventTypes.JOB_RPO_BREACHED, EventTypes.JOB_RPO_RESTORED);
    }

    @Test
    void aPausedJobIsAtRiskWhateverItsSnapshotsAndADeletedOneNoMore() {
        String name = unique("rpo-paused");
        String jobId = createJob(jobSpec(name));
        complete(jobId, name, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> admin().get("/api/v1/jobs/" + name).then()
                .body("compliance.state", equalTo("protected")));

        admin().post("/api/v1/jobs/" + name + "/disable").then().statusCode(200);
        TopicProbe.Rec breached = awaitCompliance(jobId, EventTypes.JOB_RPO_BREACHED);
        assertThat(Fixture.json(breached.valueString()).path("state").asText()).isEqualTo("paused");
        admin().get("/api/v1/jobs/" + name).then().body("compliance.state", equalTo("paused"))
                .body("compliance.atRisk", equalTo(true));
        assertThat(Fixture.allJobNames(Map.of("atRisk", true))).contains(name);
        assertThat(Fixture.allJobNames(Map.of("atRisk", false))).doesNotContain(name);
        JsonPath overview = admin().get("/api/v1/compliance?project=default").then().statusCode(200)
                .extract().jsonPath();
        assertThat(overview.getString("projects[0].project")).isEqualTo("default");
        assertThat(overview.getInt("projects[0].atRisk")).isPositive();
        assertThat(overview.getString("projects[0].jobs.find { it.name == '" + name + "' }.compliance.state"))
                .isEqualTo("paused");
        // the at-risk jobs come first
        List<Boolean> order = overview.getList("projects[0].jobs.compliance.atRisk");
        assertThat(order).isSortedAccordingTo((a, b) -> Boolean.compare(b, a));

        admin().delete("/api/v1/jobs/" + name).then().statusCode(204);
        TopicProbe.Rec restored = awaitCompliance(jobId, EventTypes.JOB_RPO_RESTORED);
        assertThat(Fixture.json(restored.valueString()).path("deleted").asBoolean()).isTrue();
        assertThat(events(jobId)).containsExactly(EventTypes.JOB_RPO_BREACHED, EventTypes.JOB_RPO_RESTORED);
    }

    @Test
    void theSweepTakesOnlyTheJobsWhoseStateTimeHasChanged() {
        Map<String, Object> fresh = jobSpec(unique("rpo-due-pending"));
        fresh.put("rpo", "1h");
        UUID pending = UUID.fromString(createJob(fresh));
        Map<String, Object> paused = jobSpec(unique("rpo-due-paused"));
        paused.put("rpo", "1h");
        UUID pausedId = UUID.fromString(createJob(paused));
        admin().post("/api/v1/jobs/" + paused.get("name") + "/disable").then().statusCode(200);
        Map<String, Object> good = jobSpec(unique("rpo-due-protected"));
        good.put("rpo", "1h");
        UUID protectedId = UUID.fromString(createJob(good));
        Instant now = Instant.now();
        // a good snapshot 30 minutes ago, as the projection of its run would have stored it
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE job SET last_good_snapshot_at = ?1 WHERE id = ?2")
                    .setParameter(1, now.minus(Duration.ofMinutes(30))).setParameter(2, protectedId).executeUpdate();
            em.createNativeQuery("UPDATE job_compliance SET state = 'protected' WHERE job_id = ?1")
                    .setParameter(1, protectedId).executeUpdate();
        });
        List<UUID> mine = List.of(pending, pausedId, protectedId);
        try {
            dueOnlyWhenTheStateTimeChanged(now, pending, pausedId, protectedId);
        } finally {
            // other tests list the default project's paused jobs
            for (Map<String, Object> job : List.of(fresh, paused, good)) {
                admin().delete("/api/v1/jobs/" + job.get("name")).then().statusCode(204);
            }
        }
    }

    private void dueOnlyWhenTheStateTimeChanged(Instant now, UUID pending, UUID pausedId, UUID protectedId) {
        List<UUID> mine = List.of(pending, pausedId, protectedId);
        // as they are now: nothing to do
        assertThat(due(now)).doesNotContainAnyElementsOf(mine);
        // 40 minutes on: the snapshot is past its RPO; the new job is still within its first hour
        assertThat(due(now.plus(Duration.ofMinutes(40)))).contains(protectedId).doesNotContain(pending, pausedId);
        // two hours on: the new job has never been protected; the paused one is still paused
        assertThat(due(now.plus(Duration.ofHours(2)))).contains(protectedId, pending).doesNotContain(pausedId);
        // an RPO set since the row was written (in the query's transaction: the service's own sweep would take it)
        assertThat(QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("UPDATE job SET rpo_seconds = 7200 WHERE id = ?1").setParameter(1, pausedId)
                    .executeUpdate();
            return compliance.dueForEvaluation(now);
        })).contains(pausedId).doesNotContain(pending, protectedId);
        // and each job once a day, whatever its state
        assertThat(due(now.plus(Duration.ofHours(25)))).containsAll(mine);
    }

    private List<UUID> due(Instant at) {
        return QuarkusTransaction.requiringNew().call(() -> compliance.dueForEvaluation(at));
    }

    private void complete(String jobId, String name, Instant snapshotAt) {
        String runId = admin().post("/api/v1/jobs/" + name + "/run").then().statusCode(202).extract().path("id");
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(),
                new RunCompleted(runId, jobId, name, "worker-1", "incremental", "ibs-primary", "production",
                        snapshotAt, snapshotAt.plusSeconds(1), new RunStats(10, 10, 10, 1, 1, 0, 0),
                        List.of(new SnapshotCreated("12345", "ns/production/vm/12345/" + snapshotAt, 10, snapshotAt))));
    }

    private TopicProbe.Rec awaitCompliance(String jobId, String type) {
        return kafka.await(Topics.COMPLIANCE_EVENTS, r -> type.equals(r.ceType()) && jobId.equals(r.key()), WAIT);
    }

    private List<String> events(String jobId) {
        return kafka.readAll(Topics.COMPLIANCE_EVENTS).stream().filter(r -> jobId.equals(r.key()))
                .map(TopicProbe.Rec::ceType).toList();
    }
}
