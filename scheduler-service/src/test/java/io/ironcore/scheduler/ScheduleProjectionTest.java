package io.ironcore.scheduler;

import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.schedule.ScheduleTick;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** scheduler-service consumes the job events into its own schedules, on the real broker and database. */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(ManualLoop.class)
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_scheduler"))
class ScheduleProjectionTest {

    @Test
    void keepsEachJobsScheduleOnceAndIsHealthy() {
        TopicProbe kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        String jobId = UUID.randomUUID().toString();
        JobSpec spec = new JobSpec("vm", List.of("12345"), "ibs-primary", "production", RunMode.FULL, "Sun 03:00",
                "Europe/Berlin", "keep-weekly=3", "always", null, true);
        String eventId = UUID.randomUUID().toString();
        JobCreated created = new JobCreated(jobId, "weekly-prod-full", "default", spec, Instant.now());
        kafka.sendEvent(Topics.JOB_EVENTS, jobId, EventTypes.JOB_CREATED, eventId, created);
        kafka.sendEvent(Topics.JOB_EVENTS, jobId, EventTypes.JOB_CREATED, eventId, created);

        await().atMost(Duration.ofSeconds(30)).until(() -> schedule(jobId) != null);
        JobSchedule s = schedule(jobId);
        assertThat(s.schedule).isEqualTo("Sun 03:00");
        assertThat(s.timezone).isEqualTo("Europe/Berlin");
        assertThat(s.enabled).isTrue();
        assertThat(s.kind).isEqualTo(ScheduleTick.Kind.JOB);
        assertThat(storedKind(jobId)).isEqualTo("job"); // the column's string, as before the enum

        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("kafka_consumer"));
    }

    @Transactional
    JobSchedule schedule(String jobId) {
        return JobSchedule.findById(jobId);
    }

    @Transactional
    String storedKind(String jobId) {
        return (String) JobSchedule.getEntityManager()
                .createNativeQuery("select kind from job_schedule where job_id = ?1")
                .setParameter(1, jobId).getSingleResult();
    }
}
