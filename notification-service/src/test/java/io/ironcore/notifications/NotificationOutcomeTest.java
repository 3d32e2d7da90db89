package io.ironcore.notifications;

import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.notification.NotificationFailed;
import io.ironcore.events.notification.NotificationSent;
import io.ironcore.events.notification.TargetType;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunMode;
import io.ironcore.local.WebhookReceiver;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.ironcore.notifications.delivery.Attempt;
import io.ironcore.notifications.delivery.DeliveryPurge;
import io.ironcore.notifications.delivery.DeliveryStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every delivery ends in exactly one NotificationSent or NotificationFailed on ironcore.notification-events (key =
 * job id, through the outbox), with a target that carries no secret; refusals fail at once, an unreachable target
 * after the configured attempts (4 in the test profile), without holding up the events behind it; and
 * ironcore_notifications_total counts them from the stored outcomes.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_notification"))
@QuarkusTestResource(WebhookReceiverResource.class)
class NotificationOutcomeTest {
    @Inject
    DeliveryStore store;
    @Inject
    EntityManager em;
    @Inject
    DeliveryPurge purge;
    private TopicProbe kafka;
    private final Instant t = Instant.parse("2026-12-04T02:00:00Z");

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
    }

    @Test
    void eachDeliveryEndsInOneOutcomeEventWithoutSecretsAndTheTotalsCountThem() {
        // the relay's leader exports the fleet-wide series
        await().atMost(Duration.ofSeconds(60)).until(() -> Outcomes.total(scrape(), "webhook", "sent") >= 0);
        String before = scrape();

        String ok = WebhookReceiverResource.receiver.url("/hooks/outcome-ok") + "?token=s3cret-query";
        String gone = WebhookReceiverResource.notFound.url("/hooks/gone");
        String withCredentials = "http://bot:pa55word@127.0.0.1:" + WebhookReceiverResource.receiver.port()
                + "/hooks/creds";
        String down = "http://127.0.0.1:" + WebhookReceiverResource.closedPort + "/hooks/down";
        String jobId = job("always", List.of(ok, gone, withCredentials, down));
        String runId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_FAILED, eventId,
                new RunFailed(runId, jobId, "outcome-job", "w1", 1, t, "datastore full"));
        // the next event of the same job (same partition) is not held up by the retries of the unreachable target
        String nextRun = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_FAILED, UUID.randomUUID().toString(),
                new RunFailed(nextRun, jobId, "outcome-job", "w1", 1, t, "datastore still full"));

        // 2 runs x 5 targets (the operators' webhook and the group's four)
        await().atMost(Duration.ofSeconds(60)).until(() -> Outcomes.records(kafka, jobId).size() >= 10);
        List<NotificationSent> sent = Outcomes.sent(kafka, jobId);
        List<NotificationFailed> failed = Outcomes.failed(kafka, jobId);
        assertThat(sent).hasSize(4);
        assertThat(failed).hasSize(6);
        List<NotificationSent> sentOfRun = sent.stream().filter(s -> runId.equals(s.runId())).toList();
        assertThat(sentOfRun).extracting(NotificationSent::target).containsExactlyInAnyOrder(
                WebhookReceiverResource.receiver.url("/hooks/ops"),
                WebhookReceiverResource.receiver.url("/hooks/outcome-ok"));
        assertThat(sentOfRun).allSatisfy(s -> {
            assertThat(s.targetType()).isEqualTo(TargetType.WEBHOOK);
            assertThat(s.jobId()).isEqualTo(jobId);
            assertThat(s.project()).isEqualTo("default");
            assertThat(s.causeType()).isEqualTo(EventTypes.RUN_FAILED);
            assertThat(s.causeId()).isEqualTo(eventId);
            assertThat(s.attempts()).isEqualTo(1);
        });

        List<NotificationFailed> failedOfRun = failed.stream().filter(f -> runId.equals(f.runId())).toList();
        NotificationFailed notFound = only(failedOfRun, WebhookReceiverResource.notFound.url("/hooks/gone"));
        assertThat(notFound.attempts()).isEqualTo(1); // a 404 is not retried
        assertThat(notFound.reason()).isEqualTo("webhook " + gone + " answered HTTP/1.1 404 Not Found");
        NotificationFailed creds = only(failedOfRun, WebhookReceiverResource.receiver.url("/hooks/creds"));
        assertThat(creds.attempts()).isEqualTo(1);
        assertThat(creds.reason()).contains("user info (credentials) in the URL is not allowed");
        NotificationFailed unreachable = only(failedOfRun, down);
        assertThat(unreachable.attempts()).isEqualTo(4); // %test max-attempts
        assertThat(unreachable.reason()).startsWith("webhook " + down + " unreachable:");
        // no secret anywhere in the outcome events
        assertThat(Outcomes.records(kafka, jobId)).allSatisfy(r -> assertThat(r.valueString())
                .doesNotContain("s3cret").doesNotContain("pa55word").doesNotContain("bot:"));
        // one outcome per delivery, and the key is the job id
        assertThat(Stream.concat(sent.stream().map(NotificationSent::notificationId),
                failed.stream().map(NotificationFailed::notificationId)).distinct()).hasSize(10);

        // the second run's message reached its receivers while the first was still retrying the unreachable one
        WebhookReceiver.Delivery second = WebhookReceiverResource.receiver.deliveries().stream()
                .filter(d -> d.body().contains(nextRun) && d.path().equals("/hooks/outcome-ok")).findFirst()
                .orElseThrow();
        assertThat(second.receivedAt()).isBefore(unreachable.failedAt());

        // the totals: 4 webhooks sent, 6 failed more than before
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = scrape();
            assertThat(Outcomes.total(after, "webhook", "sent") - Outcomes.total(before, "webhook", "sent"))
                    .isEqualTo(4.0);
            assertThat(Outcomes.total(after, "webhook", "failed") - Outcomes.total(before, "webhook", "failed"))
                    .isEqualTo(6.0);
        });
        assertThat(scrape()).contains("# TYPE ironcore_notifications counter");
    }

    @Test
    void concurrentClaimsNeverTakeTheSameDeliveryAndADecidedDeliveryIsNotDecidedAgain() throws Exception {
        String jobId = UUID.randomUUID().toString();
        int rows = 30;
        insertDue(jobId, rows);
        Set<UUID> claimed = ConcurrentHashMap.newKeySet();
        List<UUID> twice = new CopyOnWriteArrayList<>();
        ExecutorService claimers = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                running.add(claimers.submit(() -> {
                    List<Delivery> got;
                    do {
                        got = store.claim(4);
                        for (Delivery d : got) {
                            if (!d.jobId.equals(jobId)) {
                                // another test's retry: handed back as a failed attempt, tried again soon
                                store.record(d.id, d.attempts, Attempt.failed("claimed by a test"));
                            } else if (!claimed.add(d.id)) {
                                twice.add(d.id);
                            }
                        }
                    } while (!got.isEmpty());
                }));
            }
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            claimers.shutdownNow();
        }
        assertThat(twice).isEmpty();
        assertThat(claimed).isNotEmpty(); // the service's own dispatcher may have taken some of them too
        // the claimers decide theirs; recording the same attempt again changes nothing
        for (UUID id : claimed) {
            store.record(id, 1, Attempt.refused("claimed by the test"));
            store.record(id, 1, Attempt.ok());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Outcomes.records(kafka, jobId).size() >= rows);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> Outcomes.records(kafka, jobId).size() == rows);
        assertThat(Outcomes.sent(kafka, jobId)).isEmpty();
        assertThat(Outcomes.failed(kafka, jobId).stream().map(NotificationFailed::notificationId).distinct())
                .hasSize(rows);
        assertThat(Outcomes.failed(kafka, jobId)).filteredOn(f -> claimed.contains(UUID.fromString(
                f.notificationId()))).allSatisfy(f -> assertThat(f.reason()).isEqualTo("claimed by the test"));
    }

    @Test
    void thePurgeDeletesOldDecidedDeliveriesAndKeepsPendingOnesAndTheTotals() {
        String jobId = UUID.randomUUID().toString();
        UUID oldSent = insert(jobId, "sent", "now() - interval '40 days'");
        UUID recentFailed = insert(jobId, "failed", "now() - interval '1 day'");
        UUID oldPending = insert(jobId, "pending", null);
        String before = scrape();
        assertThat(purge.runOnce()).isGreaterThanOrEqualTo(1);
        assertThat(exists(oldSent)).isFalse();
        assertThat(exists(recentFailed)).isTrue();
        assertThat(exists(oldPending)).isTrue();
        assertThat(Outcomes.total(scrape(), "webhook", "sent")).isEqualTo(Outcomes.total(before, "webhook", "sent"));
        delete(oldPending); // not to be sent
    }

    @jakarta.transaction.Transactional
    UUID insert(String jobId, String state, String finishedAt) {
        UUID id = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO delivery (id, event_id, cause_type, job_id, via, target_type, target,"
                        + " shown_target, message_id, body, state, attempts, next_attempt_at, created_at, finished_at)"
                        + " VALUES (?1, ?2, ?3, ?4, 'webhook', 'webhook', 'http://x.example/', 'http://x.example/',"
                        + " ?5, '{}', ?6, 1, now() + interval '1 day', now() - interval '41 days', "
                        + (finishedAt == null ? "NULL" : finishedAt) + ")")
                .setParameter(1, id)
                .setParameter(2, UUID.randomUUID().toString())
                .setParameter(3, EventTypes.RUN_FAILED)
                .setParameter(4, jobId)
                .setParameter(5, "msg_" + id)
                .setParameter(6, state)
                .executeUpdate();
        return id;
    }

    @jakarta.transaction.Transactional
    boolean exists(UUID id) {
        return Delivery.findById(id) != null;
    }

    @jakarta.transaction.Transactional
    void delete(UUID id) {
        Delivery.deleteById(id);
    }

    @jakarta.transaction.Transactional
    void insertDue(String jobId, int rows) {
        for (int i = 0; i < rows; i++) {
            UUID id = UUID.randomUUID();
            em.createNativeQuery("INSERT INTO delivery (id, event_id, cause_type, job_id, via, target_type, target,"
                            + " shown_target, message_id, body, state, attempts, next_attempt_at, created_at) VALUES"
                            + " (?1, ?2, ?3, ?4, 'webhook', 'webhook', ?5, ?5, ?6, '{}', 'pending', 0,"
                            + " now() - interval '1 hour', now())")
                    .setParameter(1, id)
                    .setParameter(2, UUID.randomUUID().toString())
                    .setParameter(3, EventTypes.RUN_FAILED)
                    .setParameter(4, jobId)
                    .setParameter(5, "http://127.0.0.1:" + WebhookReceiverResource.closedPort + "/claim/" + i)
                    .setParameter(6, "msg_" + id)
                    .executeUpdate();
        }
    }

    private static NotificationFailed only(List<NotificationFailed> failed, String target) {
        List<NotificationFailed> matching = failed.stream().filter(f -> f.target().equals(target)).toList();
        assertThat(matching).as("outcomes for %s in %s", target, failed).hasSize(1);
        return matching.get(0);
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private String job(String mode, List<String> targets) {
        String jobId = UUID.randomUUID().toString();
        JobSpec spec = new JobSpec("vm", List.of("1"), "ibs-primary", "", RunMode.INCREMENTAL, null, "UTC", null, mode,
                "outcome-team", true, null, null, null, null, null, null, targets);
        kafka.sendEvent(Topics.JOB_EVENTS, jobId, EventTypes.JOB_CREATED, UUID.randomUUID().toString(),
                new JobCreated(jobId, "job-" + jobId, "default", spec, t));
        await().atMost(Duration.ofSeconds(30)).until(() -> settingsKnown(jobId));
        return jobId;
    }

    @jakarta.transaction.Transactional
    boolean settingsKnown(String jobId) {
        return JobSettings.findById(jobId) != null;
    }
}
