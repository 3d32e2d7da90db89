package io.ironcore.jobs;

import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.notification.NotificationFailed;
import io.ironcore.events.notification.NotificationSent;
import io.ironcore.events.notification.TargetType;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunProgress;
import io.ironcore.events.run.RunStarted;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The run history rebuilt from the log (run requests, run events, notification outcomes) equals the live one row for
 * row after a busy run: Run Now runs completed, failed and still running, a scheduled run and a Skipped slot, a
 * redelivery, an event of an unknown run, notifications. A corrupted and a missing run are found and repaired by a
 * replace; a rebuild publishes nothing (the outbox stays as it was) and the runs' metrics read the same.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class RebuildTest {
    private static final String TOKEN = "Bearer test-admin-token";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EntityManager em;

    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    @Test
    void theRebuiltRunHistoryEqualsTheLiveOneAndAReplaceRepairsItWithoutPublishingOrCounting() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String manual = unique("rebuild-manual");
        String manualId = create(manual);
        String completed = admin().header("Idempotency-Key", "rebuild-" + manualId)
                .post("/api/v1/jobs/" + manual + "/run")
                .then().statusCode(202).extract().path("id");
        String failed = runNow(manual);
        String running = runNow(manual);
        send(manualId, EventTypes.RUN_STARTED, new RunStarted(completed, manualId, manual, "w1", 1, t));
        String completion = UUID.randomUUID().toString();
        RunCompleted done = new RunCompleted(completed, manualId, manual, "w1", "incremental", "ibs-primary",
                "production", t, t.plusSeconds(42), new RunStats(1000, 100, 50, 10, 1, 2, 0),
                List.of(new SnapshotCreated("12345", "ns/production/vm/12345/" + t + "-" + manual, 100)));
        kafka.sendEvent(Topics.RUN_EVENTS, manualId, EventTypes.RUN_COMPLETED, completion, done);
        kafka.sendEvent(Topics.RUN_EVENTS, manualId, EventTypes.RUN_COMPLETED, completion, done); // redelivery
        send(manualId, EventTypes.RUN_STARTED, new RunStarted(failed, manualId, manual, "w2", 1, t));
        send(manualId, EventTypes.RUN_FAILED, new RunFailed(failed, manualId, manual, "w2", 1, t.plusSeconds(5),
                "disk image not found"));
        send(manualId, EventTypes.RUN_FAILED, new RunFailed(failed, manualId, manual, "w2", 2, t.plusSeconds(9),
                "disk image not found"));
        send(manualId, EventTypes.RUN_STARTED, new RunStarted(running, manualId, manual, "w3", 1, t));
        send(manualId, EventTypes.RUN_PROGRESS, new RunProgress(running, manualId, manual, "w3", 400, 1000, 50,
                t.plusSeconds(1)));
        send(manualId, EventTypes.RUN_STARTED, new RunStarted(UUID.randomUUID().toString(), manualId, manual,
                "nobody", 1, t)); // a run nobody requested: ignored, live and replayed
        List<String> notifications = new ArrayList<>();
        notifications.add(sent(manualId, manual, completed, t.plusSeconds(43)));
        notifications.add(failedNotification(manualId, manual, failed, t.plusSeconds(10)));

        String scheduled = unique("rebuild-tick");
        String scheduledId = create(scheduled);
        Instant slot = Instant.parse("2026-06-01T02:00:00Z");
        tick(scheduledId, scheduled, slot);
        await().atMost(WAIT).until(() -> runList(scheduled).size() == 1);
        String ticked = runList(scheduled).get(0);
        tick(scheduledId, scheduled, slot.plusSeconds(86400)); // the first still queued: Skipped
        await().atMost(WAIT).until(() -> runList(scheduled).size() == 2);
        String skipped = runList(scheduled).get(0);
        send(scheduledId, EventTypes.RUN_STARTED, new RunStarted(ticked, scheduledId, scheduled, "w4", 1, t));
        send(scheduledId, EventTypes.RUN_COMPLETED, new RunCompleted(ticked, scheduledId, scheduled, "w4",
                "incremental", "ibs-primary", "production", t, t.plusSeconds(3), new RunStats(10, 5, 4, 2, 1, 1, 0),
                List.of()));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(state(manual, completed)).isEqualTo("Completed");
            assertThat(state(manual, failed)).isEqualTo("Failed");
            assertThat(state(manual, running)).isEqualTo("Running");
            assertThat(state(scheduled, ticked)).isEqualTo("Completed");
            assertThat(state(scheduled, skipped)).isEqualTo("Skipped");
            assertThat(count("SELECT count(*) FROM run_notification WHERE notification_id IN (?1)",
                    notifications.stream().map(UUID::fromString).toList())).isEqualTo(2);
        });
        // everything the service wrote is on the log: the run requests and the RunSkipped
        for (String run : List.of(completed, failed, running, ticked)) {
            kafka.await(Topics.RUN_REQUESTS, r -> r.valueString().contains(run), WAIT);
        }
        kafka.await(Topics.RUN_EVENTS, r -> r.valueString().contains(skipped), WAIT);
        List<String> ours = List.of(completed, failed, running, ticked, skipped);
        List<String> keys = new ArrayList<>(ours);
        keys.addAll(notifications);

        Map<String, Map<String, Object>> live = runs(ours);
        String metrics = metrics(manual, scheduled);
        assertThat(metrics).contains("ironcore_runs_total");
        // the outbox's newest row now: the service's own sweeps may append events of other jobs meanwhile
        long outbox = count("SELECT coalesce(max(seq), 0) FROM outbox_event", null);

        JsonPath compared = rebuild(false);
        assertThat(compared.getBoolean("replaced")).isFalse();
        assertThat(compared.getList("differences.key")).as(compared.prettify()).doesNotContainAnyElementsOf(keys);
        assertThat(compared.getLong("events")).isGreaterThanOrEqualTo(15);
        assertThat(runs(ours)).isEqualTo(live);

        // forced: other tests of the module write runs without events (RunHistoryPurgeTest), which only a force drops
        JsonPath replaced = given().header("Authorization", TOKEN).queryParam("replace", true)
                .queryParam("force", true).post("/api/v1/admin/rebuild").then().statusCode(200).extract().jsonPath();
        assertThat(replaced.getBoolean("replaced")).isTrue();
        assertThat(replaced.getList("differences.key")).doesNotContainAnyElementsOf(keys);
        assertThat(runs(ours)).isEqualTo(live);
        assertThat(metrics(manual, scheduled)).isEqualTo(metrics);
        // after a replace the whole history is the log's: equal row for row
        JsonPath again = rebuild(false);
        assertThat(again.getInt("differencesFound")).as(again.prettify()).isZero();
        assertThat(again.getInt("rebuiltRows.run")).isEqualTo(again.getInt("liveRows.run"));

        // a live row the log does not explain, and one that is missing: found, then replaced by the log's
        sql("UPDATE run SET state = 'Failed', reason = 'corrupted' WHERE id = CAST(?1 AS uuid)", completed);
        sql("DELETE FROM run WHERE id = CAST(?1 AS uuid)", ticked);
        JsonPath found = rebuild(false);
        assertThat(found.getInt("differencesFound")).as(found.prettify()).isEqualTo(2);
        assertThat(found.getList("differences.key")).containsExactlyInAnyOrder(completed, ticked);
        assertThat(found.getString("differences.find { it.key == '" + completed + "' }.live.reason"))
                .isEqualTo("corrupted");
        assertThat(found.getString("differences.find { it.key == '" + ticked + "' }.live")).isNull();
        assertThat(rebuild(true).getInt("differencesFound")).isEqualTo(2);
        assertThat(runs(ours)).isEqualTo(live); // the run Run Now made with a key keeps the key (a column of its own)
        assertThat(rebuild(false).getInt("differencesFound")).isZero();
        assertThat(metrics(manual, scheduled)).isEqualTo(metrics);
        assertThat(count("SELECT count(*) FROM outbox_event WHERE seq > " + outbox + " AND aggregate_id IN ('"
                + manualId + "', '" + scheduledId + "')", null)).as("events of the rebuilt jobs since").isZero();
        admin().get(runs(manual) + "/" + completed).then().statusCode(200).body("state", equalTo("Completed"))
                .body("notifications.size()", equalTo(1));

        // a live run the log does not hold (beyond its retention, not published yet, or written without an event):
        // a replace would delete it, so it refuses and changes nothing, unless forced
        String stray = UUID.randomUUID().toString();
        sql("INSERT INTO run (id, job_id, job_name, trigger, state, requested_at, action) VALUES (CAST(?1 AS uuid), "
                + "CAST('" + manualId + "' AS uuid), '" + manual + "', 'manual', 'Completed', now(), 'backup')", stray);
        given().header("Authorization", TOKEN).queryParam("replace", true).post("/api/v1/admin/rebuild").then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(stray));
        assertThat(runs(List.of(stray)).get(stray).get("row")).isNotEqualTo("none");
        given().header("Authorization", TOKEN).queryParam("replace", true).queryParam("force", true)
                .post("/api/v1/admin/rebuild").then().statusCode(200).body("differencesFound", equalTo(1));
        assertThat(runs(List.of(stray)).get(stray).get("row")).isEqualTo("none");
        assertThat(runs(ours)).isEqualTo(live);
    }

    @Test
    void theRebuildNeedsTheAdminTokenNotAUsersToken() {
        given().post("/api/v1/admin/rebuild").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer not-the-token").post("/api/v1/admin/rebuild").then().statusCode(401);
        admin().post("/api/v1/admin/rebuild").then().statusCode(401); // the system administrator's API token
    }

    private JsonPath rebuild(boolean replace) {
        return given().header("Authorization", TOKEN).queryParam("replace", replace)
                .post("/api/v1/admin/rebuild").then().statusCode(200).extract().jsonPath();
    }

    private static String create(String name) {
        return admin().body(Fixture.job(name).replace("\"type\":\"vm\"", "\"type\":\"vm\",\"overlapPolicy\":\"skip\""))
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    }

    private static String runs(String job) {
        return "/api/v1/jobs/" + job + "/runs";
    }

    private static String runNow(String job) {
        return admin().post("/api/v1/jobs/" + job + "/run").then().statusCode(202).extract().path("id");
    }

    /** The job's run ids, newest first. */
    private static List<String> runList(String job) {
        return admin().get(runs(job)).then().statusCode(200).extract().jsonPath().getList("items.id");
    }

    private static String state(String job, String run) {
        return admin().get(runs(job) + "/" + run).then().statusCode(200).extract().path("state");
    }

    private void send(String jobId, String type, Object payload) {
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, type, UUID.randomUUID().toString(), payload);
    }

    private void tick(String jobId, String name, Instant slot) {
        kafka.sendEvent(Topics.TICKS, jobId, EventTypes.SCHEDULE_TICK, UUID.randomUUID().toString(),
                new ScheduleTick(ScheduleTick.tickId(jobId, slot), jobId, ScheduleTick.Kind.JOB, name, "default",
                        slot, slot, false));
    }

    private String sent(String jobId, String job, String run, Instant at) {
        String id = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.NOTIFICATION_EVENTS, jobId, EventTypes.NOTIFICATION_SENT, UUID.randomUUID().toString(),
                new NotificationSent(id, jobId, job, "default", run, EventTypes.RUN_COMPLETED, "cause-" + run,
                        TargetType.WEBHOOK, "https://hooks.example.com/ops", 1, at));
        return id;
    }

    private String failedNotification(String jobId, String job, String run, Instant at) {
        String id = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.NOTIFICATION_EVENTS, jobId, EventTypes.NOTIFICATION_FAILED,
                UUID.randomUUID().toString(), new NotificationFailed(id, jobId, job, "default", run,
                        EventTypes.RUN_FAILED, "cause-" + run, TargetType.INFLUXDB,
                        "http://127.0.0.1:9/write?db=ironcore", 3, at, "connection refused"));
        return id;
    }

    /** The runs' rows, every column as PostgreSQL prints it, by id. */
    @Transactional
    Map<String, Map<String, Object>> runs(List<String> ids) {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (String id : ids) {
            List<?> r = em.createNativeQuery("SELECT CAST(to_jsonb(r) AS text) FROM run r WHERE id = CAST(?1 AS uuid)")
                    .setParameter(1, id).getResultList();
            rows.put(id, Map.of("row", r.isEmpty() ? "none" : r.get(0)));
        }
        return rows;
    }

    @Transactional
    long count(String sql, Object param) {
        var q = em.createNativeQuery(sql);
        if (param != null) {
            q.setParameter(1, param);
        }
        return ((Number) q.getSingleResult()).longValue();
    }

    @Transactional
    void sql(String statement, String id) {
        em.createNativeQuery(statement).setParameter(1, id).executeUpdate();
    }

    /** The runs' series of the two jobs, as Prometheus reads them. */
    private static String metrics(String a, String b) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("ironcore_run") && (l.contains("\"" + a + "\"") || l.contains("\"" + b + "\"")))
                .sorted().reduce("", (x, y) -> x + y + "\n");
    }
}
