package io.ironcore.jobs;

import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobUpdated;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ironcore.jobs.Fixture.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** A job's whole life over REST: create, read, patch with ETags, pause, resume, run now, filters, delete. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class JobLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    @Test
    void patchNeedsTheCurrentEtagAndPublishesTheWholeSpec() {
        admin().body(Fixture.job("life-patch")).post("/api/v1/jobs").then().statusCode(201).header("ETag", "\"1\"");
        String id = admin().get("/api/v1/jobs/life-patch").then().statusCode(200).header("ETag", "\"1\"")
                .extract().path("id");

        admin().contentType("application/merge-patch+json").body("{\"schedule\":\"Sun 03:00\"}")
                .patch("/api/v1/jobs/life-patch").then().statusCode(428).contentType("application/problem+json");
        admin().contentType("application/merge-patch+json").header("If-Match", "\"7\"")
                .body("{\"schedule\":\"Sun 03:00\"}").patch("/api/v1/jobs/life-patch")
                .then().statusCode(412).contentType("application/problem+json");
        admin().contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"schedule\":\"Sun 03:00\",\"timezone\":\"Europe/Berlin\",\"mode\":\"full\","
                        + "\"retention\":\"keep-weekly=3\",\"description\":null}")
                .patch("/api/v1/jobs/life-patch")
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("schedule", equalTo("Sun 03:00")).body("mode", equalTo("full")).body("version", equalTo(2))
                .body("sourceIds", equalTo(List.of("12345", "12346")));
        // the first writer's ETag is stale now
        admin().contentType("application/merge-patch+json").header("If-Match", "\"1\"").body("{\"mode\":\"incremental\"}")
                .patch("/api/v1/jobs/life-patch").then().statusCode(412);

        TopicProbe.Rec rec = kafka.await(Topics.JOB_EVENTS,
                r -> id.equals(r.key()) && EventTypes.JOB_UPDATED.equals(r.ceType()), WAIT);
        JobUpdated updated = EventJson.read(rec.value(), JobUpdated.class);
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.spec().schedule()).isEqualTo("Sun 03:00");
        assertThat(updated.spec().retention()).isEqualTo("keep-weekly=3");

        Instant next = Instant.parse(admin().get("/api/v1/jobs/life-patch").then().extract().path("nextRunAt"));
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Europe/Berlin"));
        ZonedDateTime sunday = now.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)).withHour(3).withMinute(0)
                .withSecond(0).withNano(0);
        if (!sunday.isAfter(now)) {
            sunday = sunday.plusWeeks(1);
        }
        assertThat(next).isEqualTo(sunday.toInstant());
    }

    @Test
    void pauseAndResumeKeepTheLastRunApartFromTheState() {
        admin().body(Fixture.job("life-pause")).post("/api/v1/jobs").then().statusCode(201);
        String id = admin().get("/api/v1/jobs/life-pause").then().extract().path("id");
        admin().post("/api/v1/jobs/life-pause/disable").then().statusCode(200)
                .body("state", equalTo("Disabled")).body("enabled", equalTo(false)).body("nextRunAt", nullValue());
        admin().get("/api/v1/jobs?state=Disabled&project=default").then().statusCode(200)
                .body("items.name", equalTo(List.of("life-pause")));
        admin().post("/api/v1/jobs/life-pause/enable").then().statusCode(200)
                .body("state", equalTo("Scheduled")).body("version", equalTo(3));
        assertThat(Instant.parse(admin().get("/api/v1/jobs/life-pause").then().extract().path("nextRunAt")))
                .isAfter(Instant.now());
        kafka.await(Topics.JOB_EVENTS, r -> id.equals(r.key()) && EventTypes.JOB_ENABLED.equals(r.ceType()), WAIT);
        List<String> types = kafka.readAll(Topics.JOB_EVENTS).stream().filter(r -> id.equals(r.key()))
                .map(TopicProbe.Rec::ceType).toList();
        assertThat(types).containsExactly(EventTypes.JOB_CREATED, EventTypes.JOB_DISABLED, EventTypes.JOB_ENABLED);
    }

    @Test
    void runNowWithAnIdempotencyKeyRunsOnce() {
        admin().body(Fixture.job("life-run")).post("/api/v1/jobs").then().statusCode(201);
        String jobId = admin().get("/api/v1/jobs/life-run").then().extract().path("id");
        String first = admin().header("Idempotency-Key", "k-123").post("/api/v1/jobs/life-run/run")
                .then().statusCode(202).extract().path("id");
        String again = admin().header("Idempotency-Key", "k-123").post("/api/v1/jobs/life-run/run")
                .then().statusCode(200).extract().path("id");
        String other = admin().header("Idempotency-Key", "k-456").post("/api/v1/jobs/life-run/run")
                .then().statusCode(202).extract().path("id");
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        kafka.await(Topics.RUN_REQUESTS, r -> r.valueString().contains(other), WAIT);
        assertThat(kafka.readAll(Topics.RUN_REQUESTS).stream().filter(r -> jobId.equals(r.key()))).hasSize(2);

        // history pages newest first
        Response page1 = admin().get("/api/v1/jobs/life-run/runs?limit=1");
        assertThat(page1.<List<String>>path("items.id")).containsExactly(other);
        String cursor = page1.path("nextCursor");
        admin().get("/api/v1/jobs/life-run/runs?limit=1&cursor=" + cursor).then()
                .body("items.id", equalTo(List.of(first))).body("nextCursor", nullValue());
        admin().get("/api/v1/jobs/life-run").then().body("state", equalTo("Running"))
                .body("lastRun.id", equalTo(other));
    }

    @Test
    void includeAndExcludeFiltersAreResolvedWhenTheJobRuns() {
        String body = "{\"name\":\"life-filters\",\"datastore\":\"ibs-primary\",\"namespace\":\"production\","
                + "\"sourceIds\":[\"12347\"],\"include\":[{\"name\":\"web-*\"}],\"exclude\":[{\"tag\":\"test\"}]}";
        admin().body(body).post("/api/v1/jobs").then().statusCode(201);
        admin().get("/api/v1/jobs/life-filters/sources").then().statusCode(200)
                .body("id", equalTo(List.of("12347", "12345", "12346")));
        admin().body("{\"include\":[{\"tag\":\"web\"}]}").post("/api/v1/jobs/preview-sources").then()
                .statusCode(200).body("id", equalTo(List.of("12345", "12346", "12348")));

        String runId = admin().post("/api/v1/jobs/life-filters/run").then().statusCode(202).extract().path("id");
        RunRequested req = EventJson.read(kafka.await(Topics.RUN_REQUESTS, r -> r.valueString().contains(runId), WAIT)
                .value(), RunRequested.class);
        assertThat(req.sources()).extracting(RunSource::id).containsExactly("12347", "12345", "12346");
    }

    @Test
    void listsPageWithACursorAndDeletePublishesJobDeleted() {
        for (String n : List.of("page-a", "page-b", "page-c")) {
            admin().body(Fixture.job(n)).post("/api/v1/jobs").then().statusCode(201);
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = admin().queryParams(cursor == null ? Map.of("limit", 2)
                    : Map.of("limit", 2, "cursor", cursor)).get("/api/v1/jobs");
            List<String> names = r.path("items.name");
            assertThat(names).hasSizeLessThanOrEqualTo(2);
            assertThat(seen).doesNotContainAnyElementsOf(names);
            seen.addAll(names);
            cursor = r.path("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).contains("page-a", "page-b", "page-c");
        assertThat(pages).isGreaterThanOrEqualTo(2);

        String id = admin().get("/api/v1/jobs/page-b").then().extract().path("id");
        admin().header("If-Match", "\"9\"").delete("/api/v1/jobs/page-b").then().statusCode(412);
        admin().delete("/api/v1/jobs/page-b").then().statusCode(204);
        admin().get("/api/v1/jobs/page-b").then().statusCode(404).contentType("application/problem+json");
        kafka.await(Topics.JOB_EVENTS, r -> id.equals(r.key()) && EventTypes.JOB_DELETED.equals(r.ceType()), WAIT);
        admin().body(Fixture.job("page-b")).post("/api/v1/jobs").then().statusCode(201);
    }
}
