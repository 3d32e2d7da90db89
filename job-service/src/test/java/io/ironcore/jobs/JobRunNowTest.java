package io.ironcore.jobs;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.RunRequested;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.createJob;
import static io.ironcore.jobs.Fixture.jobSpec;
import static io.ironcore.jobs.Fixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** {@code POST /api/v1/jobs/{name}/run}: the answer, the RunRequested a worker gets, the job's state. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class JobRunNowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    @Test
    void runNowIsAcceptedAsAQueuedRunWithItsLocation() {
        String name = unique("run-now");
        createJob(jobSpec(name));
        admin().post("/api/v1/jobs/" + name + "/run")
                .then().statusCode(202)
                .header("Location", containsString("/api/v1/jobs/" + name + "/runs/"))
                .body("state", equalTo("Queued"))
                .body("id", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void runNowRequestsARunCarryingEverythingAWorkerNeeds() {
        String name = unique("run-request");
        String jobId = createJob(jobSpec(name));
        String runId = admin().post("/api/v1/jobs/" + name + "/run").then().statusCode(202).extract().path("id");

        TopicProbe.Rec rec = kafka.await(Topics.RUN_REQUESTS, r -> r.valueString().contains(runId), WAIT);
        assertThat(rec.ceType()).isEqualTo(EventTypes.RUN_REQUESTED);
        RunRequested req = EventJson.read(rec.value(), RunRequested.class);
        assertThat(req.runId()).isEqualTo(runId);
        assertThat(req.datastore().path()).isEqualTo("/srv/datastores/ibs-primary");
        assertThat(req.namespace()).isEqualTo("production");
        assertThat(req.sources()).extracting(s -> s.disks().get(0).path())
                .containsExactly("/srv/images/12345.raw", "/srv/images/12346.raw");
        assertThat(rec.key()).isEqualTo(req.jobId()).isEqualTo(jobId);
    }

    @Test
    void runNowPutsTheJobInRunningWithTheRunAsItsLastRun() {
        String name = unique("run-state");
        createJob(jobSpec(name));
        String runId = admin().post("/api/v1/jobs/" + name + "/run").then().statusCode(202).extract().path("id");
        admin().get("/api/v1/jobs/" + name).then().statusCode(200)
                .body("state", equalTo("Running"))
                .body("lastRun.id", equalTo(runId));
    }
}
