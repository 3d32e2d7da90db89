package io.ironcore.jobs;

import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobUpdated;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunStarted;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** job-service against the real Kafka broker and PostgreSQL: REST, outbox relay, run history, problems. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobApiTest {
    private static final String TOKEN = "test-token";

    @Inject
    EntityManager em;

    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    static RequestSpecification api() {
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON);
    }

    static String job(String name) {
        return Fixture.job(name);
    }

    @Test
    void aJobsEventsCarryItsNotificationGroupsRecipientsAndABadRecipientIsRefused() {
        api().body(java.util.Map.of("name", "backup-team", "targets",
                        java.util.List.of("https://hooks.example.org/ironcore", "mailto:oncall@example.org")))
                .post("/api/v1/notification-groups").then().statusCode(201);
        api().body(java.util.Map.of("name", "sloppy", "targets",
                        java.util.List.of("https://hooks.example.org/ok", "ftp://example.org/x")))
                .post("/api/v1/notification-groups").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.startsWith("targets"))
                .body("errors[0].message", equalTo("must be an http(s) webhook URL or an email address"));
        api().get("/api/v1/notification-groups").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(hasItem("sloppy")));

        String id = api().body(job("team-job").replace("}", ",\"notificationGroup\":\"backup-team\"}"))
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        TopicProbe.Rec rec = kafka.await(Topics.JOB_EVENTS, r -> id.equals(r.key()), Duration.ofSeconds(30));
        JobCreated created = EventJson.read(rec.value(), JobCreated.class);
        assertThat(created.spec().notificationGroup()).isEqualTo("backup-team");
        assertThat(created.spec().notificationTargets())
                .containsExactly("https://hooks.example.org/ironcore", "mailto:oncall@example.org");

        // a change to the group reaches the job's consumers as a new version of the job
        api().body(java.util.Map.of("targets", java.util.List.of("https://hooks.example.org/v2")))
                .put("/api/v1/notification-groups/backup-team").then().statusCode(200)
                .body("targets", equalTo(java.util.List.of("https://hooks.example.org/v2")));
        TopicProbe.Rec updated = kafka.await(Topics.JOB_EVENTS, r -> id.equals(r.key())
                && EventTypes.JOB_UPDATED.equals(r.ceType()), Duration.ofSeconds(30));
        JobUpdated u = EventJson.read(updated.value(), JobUpdated.class);
        assertThat(u.version()).isEqualTo(2);
        assertThat(u.spec().notificationTargets()).containsExactly("https://hooks.example.org/v2");
        api().get("/api/v1/jobs/team-job").then().statusCode(200).header("ETag", equalTo("\"2\""));
        api().body(java.util.Map.of("targets", java.util.List.of("not a target")))
                .put("/api/v1/notification-groups/backup-team").then().statusCode(400);
        api().body(java.util.Map.of("targets", java.util.List.of()))
                .put("/api/v1/notification-groups/nobody").then().statusCode(404);

        // a group in use is not deleted; once no job uses it, it is
        api().delete("/api/v1/notification-groups/backup-team").then().statusCode(409)
                .contentType("application/problem+json")
                .body("errors[0].message", org.hamcrest.Matchers.containsString("team-job"));
        api().contentType("application/merge-patch+json").header("If-Match", "\"2\"")
                .body("{\"notificationGroup\":null}").patch("/api/v1/jobs/team-job").then().statusCode(200);
        api().delete("/api/v1/notification-groups/backup-team").then().statusCode(204);
        api().get("/api/v1/notification-groups").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(hasItem("backup-team")));
    }

    @Test
    @Order(1)
    void createdJobIsListedAndItsEventIsPublishedWithCloudEventsHeaders() {
        String id = api().body(job("daily-prod-incr")).post("/api/v1/jobs")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/jobs/daily-prod-incr"))
                .body("name", equalTo("daily-prod-incr"))
                .body("mode", equalTo("incremental"))
                .body("state", equalTo("Scheduled"))
                .extract().path("id");

        api().get("/api/v1/jobs").then().statusCode(200).body("items.name", hasItem("daily-prod-incr"));

        TopicProbe.Rec rec = kafka.await(Topics.JOB_EVENTS, r -> id.equals(r.key()), Duration.ofSeconds(30));
        assertThat(rec.header(CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(rec.ceType()).isEqualTo(EventTypes.JOB_CREATED);
        assertThat(rec.header(CloudEventHeaders.SOURCE)).isEqualTo("/ironcore/job-service");
        assertThat(rec.header(CloudEventHeaders.SUBJECT)).isEqualTo("jobs/" + id);
        assertThat(Instant.parse(rec.header(CloudEventHeaders.TIME))).isBefore(Instant.now().plusSeconds(1));
        assertThat(rec.header(CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        JobCreated created = EventJson.read(rec.value(), JobCreated.class);
        assertThat(created.spec().sourceIds()).containsExactly("12345", "12346");
        assertThat(created.spec().datastore()).isEqualTo("ibs-primary");
        assertThat(outboxIds(rec.ceId())).isEqualTo(1);
    }

    @Test
    @Order(2)
    void runNowRequestsARunCarryingEverythingAWorkerNeeds() {
        String runId = api().post("/api/v1/jobs/daily-prod-incr/run")
                .then().statusCode(202)
                .header("Location", containsString("/api/v1/jobs/daily-prod-incr/runs/"))
                .body("state", equalTo("Queued"))
                .extract().path("id");
        TopicProbe.Rec rec = kafka.await(Topics.RUN_REQUESTS,
                r -> runId.equals(EventJson.read(r.value(), RunRequested.class).runId()), Duration.ofSeconds(30));
        assertThat(rec.ceType()).isEqualTo(EventTypes.RUN_REQUESTED);
        RunRequested req = EventJson.read(rec.value(), RunRequested.class);
        assertThat(req.datastore().path()).isEqualTo("/srv/datastores/ibs-primary");
        assertThat(req.namespace()).isEqualTo("production");
        assertThat(req.sources()).extracting(s -> s.disks().get(0).path())
                .containsExactly("/srv/images/12345.raw", "/srv/images/12346.raw");
        assertThat(rec.key()).isEqualTo(req.jobId());
        api().get("/api/v1/jobs/daily-prod-incr").then().body("state", equalTo("Running"))
                .body("lastRun.id", equalTo(runId));
    }

    @Test
    @Order(3)
    void runEventsBuildTheRunHistoryOncePerEventId() {
        String runId = api().post("/api/v1/jobs/daily-prod-incr/run").then().statusCode(202).extract().path("id");
        String jobId = api().get("/api/v1/jobs/daily-prod-incr").then().extract().path("id");
        Instant t = Instant.parse("2026-11-26T02:00:00Z");
        send(EventTypes.RUN_STARTED, jobId, UUID.randomUUID().toString(),
                new RunStarted(runId, jobId, "daily-prod-incr", "worker-1", 1, t));
        String completedId = UUID.randomUUID().toString();
        RunCompleted completed = new RunCompleted(runId, jobId, "daily-prod-incr", "worker-1", "incremental",
                "ibs-primary", "production", t, t.plusSeconds(4), new RunStats(100, 10, 5, 3, 1, 2, 0),
                List.of(new SnapshotCreated("12345", "ns/production/vm/12345/2026-11-26T02:00:00Z", 100)));
        send(EventTypes.RUN_COMPLETED, jobId, completedId, completed);
        send(EventTypes.RUN_COMPLETED, jobId, completedId, completed); // redelivery
        // a late duplicate RunStarted under a new id must not reopen the finished run
        send(EventTypes.RUN_STARTED, jobId, UUID.randomUUID().toString(),
                new RunStarted(runId, jobId, "daily-prod-incr", "worker-2", 2, t.plusSeconds(9)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                api().get("/api/v1/jobs/daily-prod-incr/runs/" + runId).then().statusCode(200)
                        .body("state", equalTo("Completed"))
                        .body("stats.bytesWritten", equalTo(5))
                        .body("snapshots[0].snapshotId", equalTo("ns/production/vm/12345/2026-11-26T02:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxCount(completedId) == 1);
        api().get("/api/v1/jobs/daily-prod-incr/runs/" + runId).then().body("workerId", equalTo("worker-1"));
        api().get("/api/v1/jobs/daily-prod-incr/runs").then().statusCode(200).body("items.id", hasItem(runId));
    }

    @Test
    @Order(4)
    void aPoisonEventGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        String poisonId = UUID.randomUUID().toString();
        kafka.send(Topics.RUN_EVENTS, "job-x", Map.of(CloudEventHeaders.SPEC_VERSION, "1.0",
                CloudEventHeaders.ID, poisonId, CloudEventHeaders.TYPE, EventTypes.RUN_COMPLETED,
                CloudEventHeaders.SOURCE, "/test", CloudEventHeaders.TIME, "2026-11-26T02:00:00Z"),
                "{\"runId\":".getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.RUN_EVENTS, "job-x", Map.of(), "no headers at all".getBytes(StandardCharsets.UTF_8));
        kafka.await(Topics.dlq(Topics.RUN_EVENTS), r -> poisonId.equals(r.ceId()), Duration.ofSeconds(30));
        kafka.await(Topics.dlq(Topics.RUN_EVENTS), r -> "no headers at all".equals(r.valueString()),
                Duration.ofSeconds(30));
        // and the consumer is still alive
        runEventsBuildTheRunHistoryOncePerEventId();
        assertThat(inboxCount(poisonId)).isZero();
    }

    @Test
    @Order(5)
    void withoutAValidTokenNothingIsServed() {
        given().get("/api/v1/jobs").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2("wrong").get("/api/v1/jobs").then().statusCode(401);
        given().auth().oauth2("wrong").contentType(ContentType.JSON).body(job("sneaky")).post("/api/v1/jobs")
                .then().statusCode(401);
        assertThat(jobCount("sneaky")).isZero();
    }

    @Test
    @Order(10)
    void rejectedRequestsNeverReachTheTopic() {
        List<String> before = kafka.readAll(Topics.JOB_EVENTS).stream().map(TopicProbe.Rec::ceId).toList();
        api().body(job("x-bad").replace("\"ibs-primary\"", "\"nowhere\"")).post("/api/v1/jobs").then().statusCode(400);
        String okId = api().body(job("x-after-bad")).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        kafka.await(Topics.JOB_EVENTS, r -> okId.equals(r.key()), Duration.ofSeconds(30));
        List<TopicProbe.Rec> after = kafka.readAll(Topics.JOB_EVENTS);
        assertThat(after).hasSize(before.size() + 1);
        assertThat(after).noneMatch(r -> r.valueString().contains("x-bad"));
    }

    private void send(String type, String key, String id, Object payload) {
        kafka.sendEvent(Topics.RUN_EVENTS, key, type, id, payload);
    }

    @jakarta.transaction.Transactional
    long count(String table) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM " + table).getSingleResult()).longValue();
    }

    @jakarta.transaction.Transactional
    long jobCount(String name) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM job WHERE name = ?1").setParameter(1, name)
                .getSingleResult()).longValue();
    }

    @jakarta.transaction.Transactional
    long outboxIds(String id) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM outbox_event WHERE id = CAST(?1 AS uuid)")
                .setParameter(1, id).getSingleResult()).longValue();
    }

    @jakarta.transaction.Transactional
    long inboxCount(String eventId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM inbox_event WHERE event_id = ?1")
                .setParameter(1, eventId).getSingleResult()).longValue();
    }
}
