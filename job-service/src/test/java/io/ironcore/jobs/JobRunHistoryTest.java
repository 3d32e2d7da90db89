package io.ironcore.jobs;

import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.notification.NotificationFailed;
import io.ironcore.events.notification.NotificationSent;
import io.ironcore.events.notification.TargetType;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunStarted;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.createJob;
import static io.ironcore.jobs.Fixture.jobSpec;
import static io.ironcore.jobs.Fixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Run events (as a worker sends them) build the run history, once per event id. Where a test shows that an event
 * changed nothing, it waits until the event is in the inbox (a later event of the same key is consumed after it).
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class JobRunHistoryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EntityManager em;

    private TopicProbe kafka;

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
        Fixture.ensure();
    }

    /** A job of its own with a run requested, and what a worker would report for it. */
    private record QueuedRun(String job, String jobId, String runId, Instant t, String snapshotId) {
        RunStarted started(String worker, int attempt, Instant at) {
            return new RunStarted(runId, jobId, job, worker, attempt, at);
        }

        RunCompleted completed() {
            return new RunCompleted(runId, jobId, job, "worker-1", "incremental", "ibs-primary", "production",
                    t, t.plusSeconds(4), new RunStats(100, 10, 5, 3, 1, 2, 0),
                    List.of(new SnapshotCreated("12345", snapshotId, 100)));
        }

        String path() {
            return "/api/v1/jobs/" + job + "/runs/" + runId;
        }
    }

    private QueuedRun queuedRun(String prefix) {
        String name = unique(prefix);
        String jobId = createJob(jobSpec(name));
        String runId = admin().post("/api/v1/jobs/" + name + "/run").then().statusCode(202).extract().path("id");
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new QueuedRun(name, jobId, runId, t, "ns/production/vm/12345/" + t + "-" + name);
    }

    private String send(QueuedRun run, String type, Object payload) {
        String id = UUID.randomUUID().toString();
        send(run, type, id, payload);
        return id;
    }

    private void send(QueuedRun run, String type, String id, Object payload) {
        kafka.sendEvent(Topics.RUN_EVENTS, run.jobId(), type, id, payload);
    }

    private long inboxCount(String eventId) {
        return Fixture.count(em, "SELECT count(*) FROM inbox_event WHERE event_id = ?1", eventId);
    }

    /** An event for a run nobody knows, keyed like the run's events: once it is in the inbox, they are too. */
    private void awaitEverythingSentSoFar(QueuedRun run) {
        String marker = send(run, EventTypes.RUN_STARTED,
                new RunStarted(UUID.randomUUID().toString(), run.jobId(), run.job(), "marker", 1, run.t()));
        await().atMost(WAIT).until(() -> inboxCount(marker) == 1);
    }

    @Test
    void runStartedAndRunCompletedMakeACompletedRunWithItsStatsAndSnapshots() {
        QueuedRun run = queuedRun("history");
        send(run, EventTypes.RUN_STARTED, run.started("worker-1", 1, run.t()));
        send(run, EventTypes.RUN_COMPLETED, run.completed());

        await().atMost(WAIT).untilAsserted(() ->
                admin().get(run.path()).then().statusCode(200)
                        .body("state", equalTo("Completed"))
                        .body("stats.bytesWritten", equalTo(5))
                        .body("snapshots[0].snapshotId", equalTo(run.snapshotId())));
        admin().get("/api/v1/jobs/" + run.job() + "/runs").then().statusCode(200).body("items.id", hasItem(run.runId()));
    }

    @Test
    void aRedeliveredEventIsHandledOnce() {
        QueuedRun run = queuedRun("redelivery");
        send(run, EventTypes.RUN_STARTED, run.started("worker-1", 1, run.t()));
        String completedId = UUID.randomUUID().toString();
        send(run, EventTypes.RUN_COMPLETED, completedId, run.completed());
        send(run, EventTypes.RUN_COMPLETED, completedId, run.completed()); // redelivery
        awaitEverythingSentSoFar(run);

        assertThat(inboxCount(completedId)).isEqualTo(1);
        admin().get(run.path()).then().statusCode(200).body("state", equalTo("Completed"));
    }

    @Test
    void aLateRunStartedUnderANewIdDoesNotReopenAFinishedRun() {
        QueuedRun run = queuedRun("late-start");
        send(run, EventTypes.RUN_STARTED, run.started("worker-1", 1, run.t()));
        send(run, EventTypes.RUN_COMPLETED, run.completed());
        String late = send(run, EventTypes.RUN_STARTED, run.started("worker-2", 2, run.t().plusSeconds(9)));
        await().atMost(WAIT).until(() -> inboxCount(late) == 1);

        admin().get(run.path()).then().statusCode(200)
                .body("state", equalTo("Completed"))
                .body("workerId", equalTo("worker-1"));
    }

    @Test
    void aRunShowsWhetherEachOfItsNotificationsWentOut() {
        QueuedRun run = queuedRun("notified");
        send(run, EventTypes.RUN_COMPLETED, run.completed());
        // the two topics have consumers of their own: the run is Completed before its notifications are told
        await().atMost(WAIT).untilAsserted(() -> admin().get(run.path()).then().body("state", equalTo("Completed")));
        kafka.sendEvent(Topics.NOTIFICATION_EVENTS, run.jobId(), EventTypes.NOTIFICATION_SENT,
                UUID.randomUUID().toString(), new NotificationSent(UUID.randomUUID().toString(), run.jobId(), run.job(),
                        "default", run.runId(), EventTypes.RUN_COMPLETED, "cause-1", TargetType.WEBHOOK,
                        "https://hooks.example.com/ops", 1, run.t().plusSeconds(5)));
        kafka.sendEvent(Topics.NOTIFICATION_EVENTS, run.jobId(), EventTypes.NOTIFICATION_FAILED,
                UUID.randomUUID().toString(), new NotificationFailed(UUID.randomUUID().toString(), run.jobId(),
                        run.job(), "default", run.runId(), EventTypes.RUN_COMPLETED, "cause-1", TargetType.INFLUXDB,
                        "http://127.0.0.1:9/write?db=ironcore", 3, run.t().plusSeconds(9), "connection refused"));

        await().atMost(WAIT).untilAsserted(() -> admin().get(run.path()).then().statusCode(200)
                .body("notifications.size()", equalTo(2))
                .body("notifications[0].targetType", equalTo("webhook"))
                .body("notifications[0].outcome", equalTo("sent"))
                .body("notifications[1].targetType", equalTo("influxdb"))
                .body("notifications[1].outcome", equalTo("failed"))
                .body("notifications[1].attempts", equalTo(3))
                .body("notifications[1].reason", equalTo("connection refused")));
        // the run itself is untouched by a failed notification
        admin().get(run.path()).then().body("state", equalTo("Completed"));
    }
}
