package io.ironcore.notifications.delivery;

import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.job.NotificationTarget;
import io.ironcore.notifications.Delivery;
import io.ironcore.notifications.JobSettings;
import io.ironcore.notifications.config.MetricServersConfig;
import io.ironcore.notifications.config.NotificationConfig;
import io.ironcore.notifications.metrics.Point;
import io.ironcore.notifications.webhook.WebhookSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes the deliveries an event causes, in the handler's transaction (so they exist if and only if the event was
 * handled): one per target, pending, due at once. A delivery's id is derived from the event id and the target, and
 * (event, target) is unique, so an event handled again never delivers twice. The {@link Dispatcher} sends them.
 */
@ApplicationScoped
public class Deliveries {
    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    @Inject
    EntityManager em;
    @Inject
    NotificationConfig config;
    @Inject
    MetricServersConfig operatorsMetrics;
    @Inject
    Clock clock;

    /** What a notification is about: the event that caused it, and its job (or sync job) and run. */
    public record Notice(CloudEvent cause, String jobId, String jobName, String project, String runId) {
    }

    /**
     * A message to the operators' webhook (ironcore.notification.webhook-url), then to each webhook and address of
     * the job's notification group, each once.
     *
     * @param body the webhooks' JSON body
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void messages(Notice n, JobSettings settings, Object body, String subject, String text) {
        String json = new String(EventJson.write(body), StandardCharsets.UTF_8);
        String mail = EventJson.writeString(new MailMessage(subject, text, n.runId()));
        config.webhookUrl().ifPresent(u -> enqueue(n, Delivery.Via.OPERATORS, u.toString(), WebhookSender.shown(u),
                json));
        for (NotificationTarget t : targets(settings)) {
            switch (t.kind()) {
                case WEBHOOK -> enqueue(n, Delivery.Via.WEBHOOK, t.value(), t.shown(), json);
                case EMAIL -> enqueue(n, Delivery.Via.EMAIL, t.value(), t.shown(), mail);
                default -> {
                    // metric servers take points, not messages
                }
            }
        }
    }

    /**
     * A metric point to each metric server of the job's notification group and to the operators' own
     * (ironcore.notification.metrics.servers), whatever the notification mode.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void point(Notice n, JobSettings settings, Point point) {
        List<NotificationTarget> all = targets(settings);
        for (String s : operatorsMetrics.servers().orElse(List.of())) {
            NotificationTarget.parse(s).filter(t -> t.kind() == NotificationTarget.Kind.INFLUXDB
                    || t.kind() == NotificationTarget.Kind.GRAPHITE).filter(t -> !all.contains(t)).ifPresentOrElse(
                    all::add, () -> LOG.warnf("ironcore.notification.metrics.servers: an entry is skipped: %s",
                            NotificationTarget.problem(s).orElse("not a metric server")));
        }
        for (NotificationTarget t : all) {
            switch (t.kind()) {
                case INFLUXDB -> enqueue(n, Delivery.Via.INFLUXDB, t.value(), t.shown(), point.influxLine());
                case GRAPHITE -> enqueue(n, Delivery.Via.GRAPHITE, t.value(), t.shown(),
                        point.graphiteLines(t.metric().prefix()));
                default -> {
                    // webhooks and addresses take messages
                }
            }
        }
    }

    /** The group's targets; one that is none of the kinds (from before the API's checks) is skipped. */
    private static List<NotificationTarget> targets(JobSettings settings) {
        List<NotificationTarget> out = new ArrayList<>();
        if (settings == null || settings.notificationTargets == null) {
            return out;
        }
        for (String t : settings.notificationTargets) {
            NotificationTarget target = NotificationTarget.parse(t).orElse(null);
            if (target == null) {
                // not logged as it is: it may hold credentials
                LOG.warnf("job %s: a notification target is skipped: %s", settings.jobName,
                        NotificationTarget.problem(t).orElse("neither a URL, an address nor a metric server"));
            } else {
                out.add(target);
            }
        }
        return out;
    }

    private void enqueue(Notice n, Delivery.Via via, String target, String shown, String body) {
        UUID id = UUID.nameUUIDFromBytes((n.cause().id() + "|" + target).getBytes(StandardCharsets.UTF_8));
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        em.createNativeQuery("INSERT INTO delivery (id, event_id, cause_type, job_id, job_name, project, run_id, via,"
                        + " target_type, target, shown_target, message_id, body, state, attempts, next_attempt_at,"
                        + " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'pending', 0,"
                        + " ?14, ?14) ON CONFLICT (event_id, target) DO NOTHING")
                .setParameter(1, id)
                .setParameter(2, n.cause().id())
                .setParameter(3, n.cause().type())
                .setParameter(4, n.jobId())
                .setParameter(5, n.jobName())
                .setParameter(6, n.project())
                .setParameter(7, n.runId())
                .setParameter(8, via.wire())
                .setParameter(9, via.targetType.wire())
                .setParameter(10, target)
                .setParameter(11, shown)
                .setParameter(12, "msg_" + id)
                .setParameter(13, body)
                .setParameter(14, now)
                .executeUpdate();
    }
}
