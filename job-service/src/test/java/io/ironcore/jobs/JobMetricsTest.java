package io.ironcore.jobs;

import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunStarted;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.createJob;
import static io.ironcore.jobs.Fixture.jobSpec;
import static io.ironcore.jobs.Fixture.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The business metrics come from job-service's projection of the event log: finished runs by status, durations,
 * bytes, the last success, the next run, prune, GC and sync totals, and the RPO; a deleted job has no series left.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class JobMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    @Test
    void finishedRunsAreCountedWithTheirDurationBytesAndLastSuccess() {
        String name = unique("metrics");
        String jobId = createJob(jobSpec(name));
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String completed = runNow(name);
        send(jobId, EventTypes.RUN_STARTED, new RunStarted(completed, jobId, name, "worker-1", 1, t));
        send(jobId, EventTypes.RUN_COMPLETED, new RunCompleted(completed, jobId, name, "worker-1", "incremental",
                "ibs-primary", "production", t, t.plusSeconds(42), new RunStats(1000, 100, 50, 3, 1, 2, 0),
                List.of(new SnapshotCreated("12345", "ns/production/vm/12345/" + t, 1000))));
        await().atMost(WAIT).untilAsserted(() -> assertThat(value(scrape(), "ironcore_runs_total",
                job(name) + ",type=\"backup\",mode=\"incremental\",status=\"Completed\"")).isEqualTo(1));
        String failed = runNow(name);
        send(jobId, EventTypes.RUN_FAILED, new RunFailed(failed, jobId, name, "worker-1", 1, t.plusSeconds(60),
                "disk image not found"));
        send(jobId, EventTypes.RUN_FAILED, new RunFailed(failed, jobId, name, "worker-1", 2, t.plusSeconds(61),
                "disk image not found")); // a second attempt's failure: the run is counted once

        await().atMost(WAIT).untilAsserted(() -> assertThat(value(scrape(), "ironcore_runs_total",
                job(name) + ",type=\"backup\",mode=\"incremental\",status=\"Failed\"")).isEqualTo(1));
        String metrics = scrape();
        assertThat(value(metrics, "ironcore_run_duration_seconds_bucket", job(name) + ",mode=\"incremental\",le=\"10.0\""))
                .isZero();
        assertThat(value(metrics, "ironcore_run_duration_seconds_bucket", job(name) + ",mode=\"incremental\",le=\"60.0\""))
                .isEqualTo(1);
        assertThat(value(metrics, "ironcore_run_duration_seconds_sum", job(name) + ",mode=\"incremental\""))
                .isEqualTo(42);
        assertThat(value(metrics, "ironcore_run_bytes_total", job(name) + ",kind=\"read\"")).isEqualTo(1000);
        assertThat(value(metrics, "ironcore_run_bytes_total", job(name) + ",kind=\"written\"")).isEqualTo(50);
        assertThat(value(metrics, "ironcore_job_last_success_timestamp_seconds", job(name)))
                .isEqualTo(t.plusSeconds(42).getEpochSecond());
        assertThat(value(metrics, "ironcore_job_next_run_timestamp_seconds", job(name))).isPositive();
        // the default RPO of a daily job: 24h + 2h
        assertThat(value(metrics, "ironcore_job_rpo_seconds", job(name))).isEqualTo(26 * 3600);
        assertThat(value(metrics, "ironcore_job_rpo_breached", job(name))).isZero();

        admin().delete("/api/v1/jobs/" + name).then().statusCode(204);
        assertThat(scrape()).doesNotContain(job(name));
    }

    @Test
    void aSkippedSlotIsAnEventAndCounted() {
        String name = unique("skipped");
        String jobId = createJob(jobSpec(name));
        runNow(name); // queued: the next slot overlaps it
        Instant slot = Instant.parse("2026-06-01T02:00:00Z");
        kafka.sendEvent(Topics.TICKS, jobId, EventTypes.SCHEDULE_TICK, UUID.randomUUID().toString(),
                new ScheduleTick(ScheduleTick.tickId(jobId, slot), jobId, ScheduleTick.Kind.JOB, name, "default",
                        slot, slot, false));

        TopicProbe.Rec skipped = kafka.await(Topics.RUN_EVENTS,
                r -> EventTypes.RUN_SKIPPED.equals(r.ceType()) && jobId.equals(r.key()), WAIT);
        assertThat(Fixture.json(skipped.valueString()).path("reason").asText()).isEqualTo("overlap");
        assertThat(Fixture.json(skipped.valueString()).path("slot").asText()).isEqualTo(slot.toString());
        await().atMost(WAIT).untilAsserted(() -> assertThat(value(scrape(), "ironcore_runs_total",
                job(name) + ",type=\"backup\",mode=\"incremental\",status=\"Skipped\"")).isEqualTo(1));
    }

    @Test
    void anRpoIsSetOnTheJobOrDerivedFromItsScheduleAndABadOneIsRefused() {
        String name = unique("rpo");
        Map<String, Object> spec = jobSpec(name);
        spec.put("rpo", "soon");
        admin().body(spec).post("/api/v1/jobs").then().statusCode(400)
                .body("errors[0].field", equalTo("rpo"));
        assertThat(admin().get("/api/v1/jobs/" + name).statusCode()).isEqualTo(404);

        spec.put("rpo", "36h");
        createJob(spec);
        admin().get("/api/v1/jobs/" + name).then().statusCode(200)
                .body("rpo", equalTo("36h"))
                .body("compliance.rpo", equalTo("36h"))
                .body("compliance.rpoSource", equalTo("job"))
                .body("compliance.state", equalTo("pending"))
                .body("compliance.atRisk", equalTo(false));
        admin().header("If-Match", "*").contentType("application/merge-patch+json").body("{\"rpo\":null}")
                .patch("/api/v1/jobs/" + name).then().statusCode(200)
                .body("rpo", equalTo(null))
                .body("compliance.rpo", equalTo("26h"))
                .body("compliance.rpoSource", equalTo("schedule"));
    }

    private String runNow(String name) {
        return admin().post("/api/v1/jobs/" + name + "/run").then().statusCode(202).extract().path("id");
    }

    private void send(String jobId, String type, Object payload) {
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, type, UUID.randomUUID().toString(), payload);
    }

    static String job(String name) {
        return "project=\"default\",job=\"" + name + "\"";
    }

    static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the series with exactly these labels (in the order the registry writes them); NaN if absent. */
    static double value(String metrics, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
