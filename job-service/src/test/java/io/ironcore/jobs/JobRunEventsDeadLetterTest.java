package io.ironcore.jobs;

import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunStats;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.createJob;
import static io.ironcore.jobs.Fixture.jobSpec;
import static io.ironcore.jobs.Fixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Run-events records job-service cannot read go to the dead-letter topic, and consumption goes on. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class JobRunEventsDeadLetterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EntityManager em;

    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    /** A RunCompleted with CloudEvents headers whose payload is cut short; answers its event id. */
    private String sendTruncatedRunCompleted(String key) {
        String poisonId = UUID.randomUUID().toString();
        kafka.send(Topics.RUN_EVENTS, key, Map.of(CloudEventHeaders.SPEC_VERSION, "1.0",
                CloudEventHeaders.ID, poisonId, CloudEventHeaders.TYPE, EventTypes.RUN_COMPLETED,
                CloudEventHeaders.SOURCE, "/test", CloudEventHeaders.TIME, "2026-11-26T02:00:00Z"),
                "{\"runId\":".getBytes(StandardCharsets.UTF_8));
        return poisonId;
    }

    private long inboxCount(String eventId) {
        return Fixture.count(em, "SELECT count(*) FROM inbox_event WHERE event_id = ?1", eventId);
    }

    @Test
    void aRecordWhosePayloadCannotBeReadGoesToTheDeadLetterTopicAndNotToTheInbox() {
        String poisonId = sendTruncatedRunCompleted("job-x");
        kafka.await(Topics.dlq(Topics.RUN_EVENTS), r -> poisonId.equals(r.ceId()), WAIT);
        assertThat(inboxCount(poisonId)).isZero();
    }

    @Test
    void aRecordWithoutCloudEventsHeadersGoesToTheDeadLetterTopic() {
        String value = "no headers at all " + UUID.randomUUID();
        kafka.send(Topics.RUN_EVENTS, "job-x", Map.of(), value.getBytes(StandardCharsets.UTF_8));
        kafka.await(Topics.dlq(Topics.RUN_EVENTS), r -> value.equals(r.valueString()), WAIT);
    }

    @Test
    void aRunEventAfterAPoisonRecordOfTheSameKeyIsStillApplied() {
        String name = unique("after-poison");
        String jobId = createJob(jobSpec(name));
        String runId = admin().post("/api/v1/jobs/" + name + "/run").then().statusCode(202).extract().path("id");
        String poisonId = sendTruncatedRunCompleted(jobId);
        kafka.send(Topics.RUN_EVENTS, jobId, Map.of(), "no headers at all".getBytes(StandardCharsets.UTF_8));
        Instant t = Instant.now();
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_COMPLETED, UUID.randomUUID().toString(),
                new RunCompleted(runId, jobId, name, "worker-1", "incremental", "ibs-primary", "production", t,
                        t.plusSeconds(4), new RunStats(100, 10, 5, 3, 1, 2, 0), List.of()));

        await().atMost(WAIT).untilAsserted(() -> admin().get("/api/v1/jobs/" + name + "/runs/" + runId)
                .then().statusCode(200).body("state", equalTo("Completed")));
        assertThat(inboxCount(poisonId)).isZero();
    }
}
