package io.ironcore.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.run.RunStats;
import io.ironcore.local.SmtpReceiver;
import io.ironcore.local.WebhookReceiver;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.ironcore.notifications.webhook.WebhookSender;
import io.ironcore.events.sync.SyncCompleted;
import io.ironcore.events.sync.SyncFailed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** notification-service against the real broker and database, delivering to a real HTTP receiver. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_notification"))
@QuarkusTestResource(WebhookReceiverResource.class)
class RunNotificationTest {
    private TopicProbe kafka;
    private final Instant t = Instant.parse("2026-11-26T02:00:00Z");

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
    }

    @Test
    void alwaysModeTellsOfEveryRunOnceWithAVerifiableSignature() throws Exception {
        String jobId = job("always");
        String runId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        RunCompleted done = new RunCompleted(runId, jobId, "job-" + jobId, "w1", "incremental", "ibs-primary", "",
                t, t.plusSeconds(3), new RunStats(10, 5, 4, 2, 1, 1, 0), List.of());
        event(EventTypes.RUN_COMPLETED, jobId, eventId, done);
        event(EventTypes.RUN_COMPLETED, jobId, eventId, done); // redelivered

        WebhookReceiver.Delivery d = awaitDelivery(runId);
        JsonNode body = EventJson.mapper().readTree(d.body());
        assertThat(body.get("status").asText()).isEqualTo("Completed");
        assertThat(body.get("job").asText()).isEqualTo("job-" + jobId);
        assertThat(body.get("stats").get("bytesWritten").asLong()).isEqualTo(4);
        String expected = WebhookSender.sign(WebhookReceiverResource.SECRET, d.header("webhook-id"),
                Long.parseLong(d.header("webhook-timestamp")), d.body().getBytes(StandardCharsets.UTF_8));
        assertThat(d.header("webhook-signature")).isEqualTo(expected);
        Thread.sleep(1500);
        assertThat(deliveries(runId)).hasSize(1);
    }

    @Test
    void errorsModeTellsOnlyOfFailuresAndNeverModeTellsNothing() {
        String errorsJob = job("errors");
        String neverJob = job("never");
        String okRun = UUID.randomUUID().toString();
        String failedRun = UUID.randomUUID().toString();
        String silentRun = UUID.randomUUID().toString();
        event(EventTypes.RUN_COMPLETED, errorsJob, UUID.randomUUID().toString(), new RunCompleted(okRun, errorsJob,
                "x", "w1", "full", "ibs-primary", "", t, t, new RunStats(0, 0, 0, 0, 0, 0, 0), List.of()));
        event(EventTypes.RUN_FAILED, neverJob, UUID.randomUUID().toString(),
                new RunFailed(silentRun, neverJob, "y", "w1", 1, t, "disk image missing"));
        event(EventTypes.RUN_FAILED, errorsJob, UUID.randomUUID().toString(),
                new RunFailed(failedRun, errorsJob, "x", "w1", 3, t, "disk image missing"));

        WebhookReceiver.Delivery d = awaitDelivery(failedRun);
        assertThat(d.body()).contains("\"reason\":\"disk image missing\"").contains("\"status\":\"Failed\"");
        // the failure was the last of the three events on the same partition key order per job; give the others time
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> deliveries(okRun).isEmpty() && deliveries(silentRun).isEmpty());
    }

    @Test
    void aFailedSyncReachesTheOperatorsWebhookAndACompletedOneDoesNot() {
        String syncJob = UUID.randomUUID().toString();
        String failedRun = syncJob + "@2026-11-29T04:30:00Z";
        String okRun = syncJob + "@2026-12-06T04:30:00Z";
        event(EventTypes.SYNC_COMPLETED, syncJob, UUID.randomUUID().toString(), new SyncCompleted(okRun, syncJob,
                "weekly-archival", "default", "ibs-primary", "", "ibs-backup", "", List.of(), 0, 0, 0, 0, List.of(), t,
                t), Topics.SYNC_EVENTS);
        event(EventTypes.SYNC_FAILED, syncJob, UUID.randomUUID().toString(), new SyncFailed(failedRun, syncJob,
                "weekly-archival", "default", List.of(), t, "target datastore /mnt/site is not a directory"),
                Topics.SYNC_EVENTS);

        WebhookReceiver.Delivery d = awaitDelivery(failedRun);
        assertThat(d.body()).contains("\"type\":\"sync.failed\"").contains("\"job\":\"weekly-archival\"")
                .contains("is not a directory");
        assertThat(deliveries(okRun)).isEmpty();
    }

    @Test
    void aFailingReceiverIsRetriedUntilItAccepts() {
        String jobId = job("always");
        String runId = UUID.randomUUID().toString();
        WebhookReceiverResource.receiver.failNext(2, 503);
        event(EventTypes.RUN_FAILED, jobId, UUID.randomUUID().toString(),
                new RunFailed(runId, jobId, "z", "w1", 1, t, "boom"));
        awaitDelivery(runId);
        assertThat(deliveries(runId)).hasSize(1);
    }

    @Test
    void theJobsNotificationGroupGetsItAtEachWebhookOnceAlsoWhenOneRecipientFailsFirst() {
        String teamA = WebhookReceiverResource.receiver.url("/hooks/team-a");
        String teamB = WebhookReceiverResource.receiver.url("/hooks/team-b");
        // "team-chat" is neither a URL nor an address (job-service refuses such targets now): skipped, not retried
        String jobId = job("always", "backup-team", List.of(teamA, "oncall@example.com", "team-chat", teamB));
        String runId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        // the first attempt at the operators' webhook fails: the group's two webhooks get theirs at once, the
        // operators' webhook gets it when the event is retried, and nobody gets it twice
        WebhookReceiverResource.receiver.failNext(1, 503);
        event(EventTypes.RUN_FAILED, jobId, eventId,
                new RunFailed(runId, jobId, "team-job", "w1", 1, t, "datastore full"));
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(runId).size() >= 3);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> deliveries(runId).size() == 3);
        assertThat(deliveries(runId)).extracting(WebhookReceiver.Delivery::path)
                .containsExactlyInAnyOrder("/hooks/ops", "/hooks/team-a", "/hooks/team-b");
        assertThat(deliveries(runId)).allSatisfy(d -> assertThat(d.body()).contains("\"reason\":\"datastore full\""));
        assertThat(deliveries(runId).stream().map(d -> d.header("webhook-id")).distinct()).hasSize(3);
        // and the group's email address gets it through the SMTP relay, once
        await().atMost(Duration.ofSeconds(30)).until(() -> mails(runId).size() == 1);
        SmtpReceiver.Mail mail = mails(runId).get(0);
        assertThat(mail.recipients()).containsExactly("oncall@example.com");
        assertThat(mail.from()).isEqualTo("ironcore-backup@backup.example.org");
        assertThat(mail.header("Subject")).isEqualTo("[Ironcore Backup] team-job: run failed");
        assertThat(mail.body()).contains("Reason:    datastore full").contains("Run:       " + runId);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> mails(runId).size() == 1);
        // four deliveries recorded, and the event was done with (not dead-lettered for the skipped target)
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveriesLogged(runId) == 4);
        assertThat(kafka.readAll(Topics.dlq(Topics.RUN_EVENTS))).noneMatch(r -> eventId.equals(r.ceId()));
    }

    @jakarta.transaction.Transactional
    long deliveriesLogged(String runId) {
        return Notification.count("runId", runId);
    }

    private static List<SmtpReceiver.Mail> mails(String runId) {
        return WebhookReceiverResource.smtp.mails().stream().filter(m -> m.data().contains(runId)).toList();
    }

    @Test
    void aPoisonEventIsDeadLetteredAndDeliveriesGoOn() throws Exception {
        String poison = UUID.randomUUID().toString();
        kafka.send(Topics.RUN_EVENTS, "k", Map.of(CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, poison,
                CloudEventHeaders.TYPE, EventTypes.RUN_FAILED, CloudEventHeaders.SOURCE, "/test",
                CloudEventHeaders.TIME, t.toString()), "{\"runId\":\"r\"}".getBytes(StandardCharsets.UTF_8));
        kafka.await(Topics.dlq(Topics.RUN_EVENTS), r -> poison.equals(r.ceId()), Duration.ofSeconds(30));
        alwaysModeTellsOfEveryRunOnceWithAVerifiableSignature();
    }

    private String job(String mode) {
        return job(mode, null, null);
    }

    private String job(String mode, String group, List<String> targets) {
        String jobId = UUID.randomUUID().toString();
        JobSpec spec = new JobSpec("vm", List.of("1"), "ibs-primary", "", RunMode.INCREMENTAL, null, "UTC", null, mode,
                group, true, null, null, null, null, null, null, targets);
        event(EventTypes.JOB_CREATED, jobId, UUID.randomUUID().toString(),
                new JobCreated(jobId, "job-" + jobId, "default", spec, t), Topics.JOB_EVENTS);
        await().atMost(Duration.ofSeconds(30)).until(() -> settingsKnown(jobId));
        return jobId;
    }

    @jakarta.transaction.Transactional
    boolean settingsKnown(String jobId) {
        return JobSettings.findById(jobId) != null;
    }

    private void event(String type, String key, String id, Object payload) {
        event(type, key, id, payload, Topics.RUN_EVENTS);
    }

    private void event(String type, String key, String id, Object payload, String topic) {
        kafka.sendEvent(topic, key, type, id, payload);
    }

    private static List<WebhookReceiver.Delivery> deliveries(String runId) {
        return WebhookReceiverResource.receiver.deliveries().stream().filter(d -> d.body().contains(runId)).toList();
    }

    private static WebhookReceiver.Delivery awaitDelivery(String runId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries(runId).isEmpty());
        return deliveries(runId).get(0);
    }
}
