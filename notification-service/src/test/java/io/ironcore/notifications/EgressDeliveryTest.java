package io.ironcore.notifications;

import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunMode;
import io.ironcore.local.WebhookReceiver;
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
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks do not reach inside (issue 14): the egress policy is checked at every delivery, against real HTTP servers
 * on 127.0.0.1. The test profile opens exactly the receivers that are to get deliveries
 * (ironcore.notification.allow-private, see {@link WebhookReceiverResource}); a receiver on another port of this
 * machine gets nothing, a redirect is not followed, and neither is retried or dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_notification"))
@QuarkusTestResource(WebhookReceiverResource.class)
class EgressDeliveryTest {
    @Inject
    EntityManager em;
    private TopicProbe kafka;
    private final Instant t = Instant.parse("2026-12-03T02:00:00Z");

    @BeforeEach
    void setUp() {
        kafka = new TopicProbe(IroncoreTestInfrastructure.shared().bootstrapServers());
    }

    @Test
    void aTargetOnADeniedPortGetsNothingAndIsRecordedRefusedWhileAnAllowedOneIsDelivered() {
        String deniedUrl = WebhookReceiverResource.denied.url("/hooks/inside");
        String allowedUrl = WebhookReceiverResource.receiver.url("/hooks/allowed");
        String metadata = "http://169.254.169.254/latest/meta-data/";
        String runId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String jobId = job(List.of(deniedUrl, metadata, "http://0x7f000001:" + WebhookReceiverResource.denied.port()
                + "/", allowedUrl));
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_FAILED, eventId,
                new RunFailed(runId, jobId, "egress-job", "w1", 1, t, "disk image missing"));

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(WebhookReceiverResource.receiver, runId)
                .stream().anyMatch(d -> d.path().equals("/hooks/allowed")));
        await().atMost(Duration.ofSeconds(10)).until(() -> logged(runId).size() == 5);
        assertThat(deliveries(WebhookReceiverResource.denied, runId)).isEmpty();
        assertThat(WebhookReceiverResource.denied.deliveries()).isEmpty();
        List<Notification> log = logged(runId);
        assertThat(refused(log, deniedUrl).reason).isEqualTo(deniedUrl + " is not allowed: loopback address");
        assertThat(refused(log, metadata).reason).isEqualTo(metadata + " is not allowed: cloud metadata address");
        assertThat(log).filteredOn(n -> n.target.equals(allowedUrl)).singleElement()
                .satisfies(n -> assertThat(n.outcome).isEqualTo(Notification.Outcome.DELIVERED));
        // the columns hold the strings they always held
        assertThat(column("SELECT channel || ' ' || outcome FROM notification WHERE run_id = ?1 AND target = ?2",
                runId, deniedUrl)).isEqualTo("webhook refused");
        assertThat(column("SELECT channel || ' ' || outcome FROM notification WHERE run_id = ?1 AND target = ?2",
                runId, allowedUrl)).isEqualTo("webhook delivered");
        assertThat(column("SELECT notification_mode FROM job_settings WHERE job_id = ?1", jobId)).isEqualTo("always");
        // refused for good: not retried, and the event is done with, not dead-lettered
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> logged(runId).size() == 5);
        assertThat(WebhookReceiverResource.denied.deliveries()).isEmpty();
        assertThat(kafka.readAll(Topics.dlq(Topics.RUN_EVENTS))).noneMatch(r -> eventId.equals(r.ceId()));
    }

    @Test
    void aRedirectIsNotFollowedAndIsAFailedDeliveryNotRetried() {
        String redirecting = WebhookReceiverResource.redirector.url("/hooks/moved");
        String runId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        int before = WebhookReceiverResource.redirector.requests();
        String jobId = job(List.of(redirecting));
        kafka.sendEvent(Topics.RUN_EVENTS, jobId, EventTypes.RUN_FAILED, eventId,
                new RunFailed(runId, jobId, "redirect-job", "w1", 1, t, "datastore full"));

        await().atMost(Duration.ofSeconds(30)).until(() -> logged(runId).size() == 2);
        assertThat(refused(logged(runId), redirecting).reason)
                .isEqualTo("webhook " + redirecting + " answered 302: redirect not followed");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> WebhookReceiverResource.redirector.requests() == before + 1);
        assertThat(WebhookReceiverResource.redirectTarget.deliveries()).isEmpty();
        assertThat(kafka.readAll(Topics.dlq(Topics.RUN_EVENTS))).noneMatch(r -> eventId.equals(r.ceId()));
    }

    private static Notification refused(List<Notification> log, String target) {
        List<Notification> matching = log.stream().filter(n -> n.target.equals(target)).toList();
        assertThat(matching).as("log of %s", target).hasSize(1);
        assertThat(matching.get(0).outcome).isEqualTo(Notification.Outcome.REFUSED);
        return matching.get(0);
    }

    private String job(List<String> targets) {
        String jobId = UUID.randomUUID().toString();
        JobSpec spec = new JobSpec("vm", List.of("1"), "ibs-primary", "", RunMode.INCREMENTAL, null, "UTC", null,
                "always",
                "egress-team", true, null, null, null, null, null, null, targets);
        kafka.sendEvent(Topics.JOB_EVENTS, jobId, EventTypes.JOB_CREATED, UUID.randomUUID().toString(),
                new JobCreated(jobId, "job-" + jobId, "default", spec, t));
        await().atMost(Duration.ofSeconds(30)).until(() -> settingsKnown(jobId));
        return jobId;
    }

    @jakarta.transaction.Transactional
    boolean settingsKnown(String jobId) {
        return JobSettings.findById(jobId) != null;
    }

    @jakarta.transaction.Transactional
    String column(String sql, Object... parameters) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return (String) query.getSingleResult();
    }

    @jakarta.transaction.Transactional
    List<Notification> logged(String runId) {
        return Notification.list("runId", runId);
    }

    private static List<WebhookReceiver.Delivery> deliveries(WebhookReceiver receiver, String runId) {
        return receiver.deliveries().stream().filter(d -> d.body().contains(runId)).toList();
    }
}
