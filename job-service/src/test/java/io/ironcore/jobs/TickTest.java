package io.ironcore.jobs;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ironcore.jobs.Fixture.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ticks become runs once per tick id; a job never runs twice at once (skip, or queue one). */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class TickTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    @Test
    void aTickRunsTheJobOnceAndAnOverlappingSlotIsRecordedAsSkipped() {
        String jobId = create("tick-skip", "skip");
        Instant slot = Instant.parse("2026-06-01T02:00:00Z");
        tick(jobId, "tick-skip", slot);
        tick(jobId, "tick-skip", slot);  // the same slot again, under a new event id
        List<Map<String, Object>> runs = awaitRuns("tick-skip", 1);
        assertThat(runs.get(0)).containsEntry("trigger", "schedule").containsEntry("state", "Queued");
        String runId = (String) runs.get(0).get("id");
        RunRequested req = EventJson.read(kafka.await(Topics.RUN_REQUESTS, r -> r.valueString().contains(runId), WAIT)
                .value(), RunRequested.class);
        assertThat(req.tickId()).isEqualTo(jobId + "@" + slot);
        assertThat(req.trigger()).isEqualTo(RunRequested.Trigger.SCHEDULE);

        tick(jobId, "tick-skip", slot.plusSeconds(86400));  // next day; the first run still queued
        runs = awaitRuns("tick-skip", 2);
        assertThat(runs.get(0)).containsEntry("state", "Skipped");
        assertThat((String) runs.get(0).get("reason")).isEqualTo("previous run " + runId + " was still queued");
        admin().get("/api/v1/jobs/tick-skip").then().body("lastRun.id", org.hamcrest.Matchers.equalTo(runId));
        assertThat(kafka.readAll(Topics.RUN_REQUESTS).stream().filter(r -> jobId.equals(r.key()))).hasSize(1);
    }

    @Test
    void withTheQueuePolicyOneRunWaitsBehindTheRunningOne() {
        String jobId = create("tick-queue", "queue");
        admin().post("/api/v1/jobs/tick-queue/run").then().statusCode(202);
        tick(jobId, "tick-queue", Instant.parse("2026-06-01T02:00:00Z"));
        awaitRuns("tick-queue", 2);
        tick(jobId, "tick-queue", Instant.parse("2026-06-02T02:00:00Z"));
        List<Map<String, Object>> runs = awaitRuns("tick-queue", 3);
        assertThat(runs).extracting(r -> r.get("state")).containsExactly("Skipped", "Queued", "Queued");
        assertThat((String) runs.get(0).get("reason")).contains("is waiting already");
    }

    @Test
    void aPausedJobRunsNothingOnATick() {
        String jobId = create("tick-paused", "skip");
        admin().post("/api/v1/jobs/tick-paused/disable").then().statusCode(200);
        String eventId = tick(jobId, "tick-paused", Instant.parse("2026-06-01T02:00:00Z"));
        await().atMost(WAIT).until(() -> kafka.readAll(Topics.TICKS).stream().anyMatch(r -> eventId.equals(r.ceId())));
        tick(jobId, "tick-skip-marker", Instant.parse("2026-06-01T02:00:00Z")); // processed after the first
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> runs("tick-paused").isEmpty());
    }

    private String create(String name, String overlap) {
        return admin().body(Fixture.job(name).replace("\"type\":\"vm\"",
                        "\"type\":\"vm\",\"overlapPolicy\":\"" + overlap + "\"")).post("/api/v1/jobs")
                .then().statusCode(201).extract().path("id");
    }

    private String tick(String jobId, String name, Instant slot) {
        String eventId = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.TICKS, jobId, EventTypes.SCHEDULE_TICK, eventId, new ScheduleTick(
                ScheduleTick.tickId(jobId, slot), jobId, ScheduleTick.Kind.JOB, name, "default", slot, slot, false));
        return eventId;
    }

    private List<Map<String, Object>> awaitRuns(String job, int count) {
        await().atMost(WAIT).until(() -> runs(job).size() == count);
        return runs(job);
    }

    private static List<Map<String, Object>> runs(String job) {
        JsonPath body = admin().get("/api/v1/jobs/" + job + "/runs").then().statusCode(200).extract().jsonPath();
        return body.getList("items");
    }
}
