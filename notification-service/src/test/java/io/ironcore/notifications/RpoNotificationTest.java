package io.ironcore.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.compliance.JobRpoBreached;
import io.ironcore.events.compliance.JobRpoRestored;
import io.ironcore.events.compliance.RpoState;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.notification.NotificationSent;
import io.ironcore.events.notification.TargetType;
import io.ironcore.events.run.RunMode;
import io.ironcore.local.SmtpReceiver;
import io.ironcore.local.WebhookReceiver;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** RPO transitions reach the job's group (webhooks and addresses), once each, unless its mode is never. */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_notification"))
@QuarkusTestResource(WebhookReceiverResource.class)
class RpoNotificationTest {
    private TopicProbe kafka;
    private final Instant t = Instant.parse("2026-12-04T03:00:00Z");

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
    }

    @Test
    void aBreachAndARestoreReachTheGroupsWebhookAndAddressOnceEach() throws Exception {
        String name = "rpo-" + UUID.randomUUID();
        String jobId = job(name, "errors", List.of(WebhookReceiverResource.receiver.url("/hooks/rpo-team"),
                "rpo-oncall@example.com"));
        String breach = UUID.randomUUID().toString();
        JobRpoBreached breached = new JobRpoBreached(jobId, name, "default", 7200, RpoState.STALE,
                t.minusSeconds(9000), t.minusSeconds(1800));
        kafka.sendEvent(Topics.COMPLIANCE_EVENTS, jobId, EventTypes.JOB_RPO_BREACHED, breach, breached);
        kafka.sendEvent(Topics.COMPLIANCE_EVENTS, jobId, EventTypes.JOB_RPO_BREACHED, breach, breached); // again

        await().atMost(Duration.ofSeconds(30)).until(() -> hooks(jobId).size() == 1 && mails(name).size() == 1);
        JsonNode body = EventJson.mapper().readTree(hooks(jobId).get(0).body());
        assertThat(body.get("type").asText()).isEqualTo("job.rpo-breached");
        assertThat(body.get("state").asText()).isEqualTo("stale");
        assertThat(body.get("rpoSeconds").asLong()).isEqualTo(7200);
        assertThat(body.get("job").asText()).isEqualTo(name);
        assertThat(body.get("eventId").asText()).isEqualTo(breach);
        SmtpReceiver.Mail mail = mails(name).get(0);
        assertThat(mail.recipients()).containsExactly("rpo-oncall@example.com");
        assertThat(mail.header("Subject")).isEqualTo("[Ironcore Backup] " + name + ": RPO breached (stale)");
        assertThat(mail.body()).contains("RPO:       2h");

        kafka.sendEvent(Topics.COMPLIANCE_EVENTS, jobId, EventTypes.JOB_RPO_RESTORED, UUID.randomUUID().toString(),
                new JobRpoRestored(jobId, name, "default", 7200, t, t.plusSeconds(60), 1860, false));
        await().atMost(Duration.ofSeconds(30)).until(() -> hooks(jobId).size() == 2);
        JsonNode restored = EventJson.mapper().readTree(hooks(jobId).get(1).body());
        assertThat(restored.get("type").asText()).isEqualTo("job.rpo-restored");
        assertThat(restored.get("atRiskSeconds").asLong()).isEqualTo(1860);

        // outcomes: the group's webhook and address, and the operators' webhook, per transition
        await().atMost(Duration.ofSeconds(30)).until(() -> Outcomes.sent(kafka, jobId).size() == 6);
        List<NotificationSent> sent = Outcomes.sent(kafka, jobId);
        assertThat(sent).filteredOn(s -> s.causeType().equals(EventTypes.JOB_RPO_BREACHED))
                .extracting(NotificationSent::targetType)
                .containsExactlyInAnyOrder(TargetType.WEBHOOK, TargetType.WEBHOOK, TargetType.EMAIL);
        assertThat(sent).allSatisfy(s -> assertThat(s.runId()).isNull());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> hooks(jobId).size() == 2
                && mails(name).size() == 2);
    }

    @Test
    void aJobWhoseModeIsNeverIsNotToldOfItsRpo() {
        String name = "rpo-quiet-" + UUID.randomUUID();
        String jobId = job(name, "never", List.of(WebhookReceiverResource.receiver.url("/hooks/rpo-quiet")));
        kafka.sendEvent(Topics.COMPLIANCE_EVENTS, jobId, EventTypes.JOB_RPO_BREACHED, UUID.randomUUID().toString(),
                new JobRpoBreached(jobId, name, "default", 3600, RpoState.NEVER_PROTECTED, null, t));
        kafka.sendEvent(Topics.COMPLIANCE_EVENTS, jobId, EventTypes.JOB_RPO_RESTORED, UUID.randomUUID().toString(),
                new JobRpoRestored(jobId, name, "default", 3600, null, t.plusSeconds(5), 5, true));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> hooks(jobId).isEmpty()
                && Outcomes.records(kafka, jobId).isEmpty());
        assertThat(deliveries(jobId)).isZero();
    }

    @jakarta.transaction.Transactional
    long deliveries(String jobId) {
        return Delivery.count("jobId", jobId);
    }

    private static List<WebhookReceiver.Delivery> hooks(String jobId) {
        return WebhookReceiverResource.receiver.deliveries().stream()
                .filter(d -> d.path().startsWith("/hooks/rpo") && d.body().contains(jobId)).toList();
    }

    private static List<SmtpReceiver.Mail> mails(String name) {
        return WebhookReceiverResource.smtp.mails().stream().filter(m -> m.data().contains(name)).toList();
    }

    private String job(String name, String mode, List<String> targets) {
        String jobId = UUID.randomUUID().toString();
        JobSpec spec = new JobSpec("vm", List.of("1"), "ibs-primary", "", RunMode.INCREMENTAL, null, "UTC", null, mode,
                "rpo-team", true, null, null, null, null, null, null, targets);
        kafka.sendEvent(Topics.JOB_EVENTS, jobId, EventTypes.JOB_CREATED, UUID.randomUUID().toString(),
                new JobCreated(jobId, name, "default", spec, t));
        await().atMost(Duration.ofSeconds(30)).until(() -> settingsKnown(jobId));
        return jobId;
    }

    @jakarta.transaction.Transactional
    boolean settingsKnown(String jobId) {
        return JobSettings.findById(jobId) != null;
    }
}
