package io.ironcore.jobs;

import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.createJob;
import static io.ironcore.jobs.Fixture.jobSpec;
import static io.ironcore.jobs.Fixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/** {@code POST /api/v1/jobs}: the answer, the list, and the JobCreated event the outbox relay publishes. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class JobCreateTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EntityManager em;

    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    @Test
    void aCreatedJobIsAnsweredWithItsLocationAndAsScheduledIncremental() {
        String name = unique("create");
        admin().body(jobSpec(name)).post("/api/v1/jobs")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/jobs/" + name))
                .body("name", equalTo(name))
                .body("mode", equalTo("incremental"))
                .body("state", equalTo("Scheduled"));
    }

    @Test
    void aCreatedJobIsListed() {
        String name = unique("listed");
        createJob(jobSpec(name));
        assertThat(Fixture.allJobNames()).contains(name);
    }

    @Test
    void theJobCreatedEventCarriesCloudEventsHeaders() {
        String id = createJob(jobSpec(unique("ce-headers")));
        TopicProbe.Rec rec = kafka.await(Topics.JOB_EVENTS, r -> id.equals(r.key()), WAIT);
        assertThat(rec.header(CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(rec.ceType()).isEqualTo(EventTypes.JOB_CREATED);
        assertThat(rec.header(CloudEventHeaders.SOURCE)).isEqualTo("/ironcore/job-service");
        assertThat(rec.header(CloudEventHeaders.SUBJECT)).isEqualTo("jobs/" + id);
        assertThat(Instant.parse(rec.header(CloudEventHeaders.TIME))).isBefore(Instant.now().plusSeconds(1));
        assertThat(rec.header(CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
    }

    @Test
    void theJobCreatedEventCarriesTheSpecAndIsTheOutboxRowOfTheSameId() {
        String id = createJob(jobSpec(unique("ce-spec")));
        TopicProbe.Rec rec = kafka.await(Topics.JOB_EVENTS, r -> id.equals(r.key()), WAIT);
        JobCreated created = EventJson.read(rec.value(), JobCreated.class);
        assertThat(created.spec().sourceIds()).containsExactly("12345", "12346");
        assertThat(created.spec().datastore()).isEqualTo("ibs-primary");
        assertThat(Fixture.count(em, "SELECT count(*) FROM outbox_event WHERE id = CAST(?1 AS uuid)", rec.ceId()))
                .isEqualTo(1);
    }

    @Test
    void aRejectedCreateNeverReachesTheTopic() {
        String tag = unique("rejected");
        String bad = "bad-" + tag;
        Map<String, Object> badSpec = jobSpec(bad);
        badSpec.put("datastore", "nowhere");
        admin().body(badSpec).post("/api/v1/jobs").then().statusCode(400);
        String okId = createJob(jobSpec("ok-" + tag));
        kafka.await(Topics.JOB_EVENTS, r -> okId.equals(r.key()), WAIT);

        List<TopicProbe.Rec> all = kafka.readAll(Topics.JOB_EVENTS);
        // of the two requests, exactly one event: the accepted job's (the old test counted the whole topic, +1)
        assertThat(all.stream().filter(r -> r.valueString().contains(tag)))
                .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(okId));
        assertThat(all).noneMatch(r -> r.valueString().contains(bad));
    }
}
