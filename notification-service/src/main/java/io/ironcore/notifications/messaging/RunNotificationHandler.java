package io.ironcore.notifications.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunSkipped;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.sync.SyncCompleted;
import io.ironcore.events.sync.SyncFailed;
import io.ironcore.notifications.JobSettings;
import io.ironcore.notifications.delivery.Deliveries;
import io.ironcore.notifications.mail.MailSender;
import io.ironcore.notifications.metrics.Point;
import io.ironcore.notifications.webhook.RunSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells of finished runs by the job's notification mode: always (every run), errors (failed runs) or never, to the
 * operators' webhook and to every webhook and address of the job's notification group; and of failed sync runs (a
 * weekly archival that did not reach the Backup site), to the operators' webhook. Every finished run (completed,
 * failed or skipped) and every sync also writes a metric point to each metric server of the group (and the
 * operators'), whatever the mode: the mode governs messages, not metrics.
 *
 * <p>The handler only writes the deliveries, one per target, with the inbox row in one transaction; the
 * {@link io.ironcore.notifications.delivery.Dispatcher} sends them with retries, and each ends in one
 * NotificationSent or NotificationFailed. A redelivered event finds its inbox row (and its deliveries) and delivers
 * nothing again.
 */
@ApplicationScoped
public class RunNotificationHandler {
    @Inject
    Inbox inbox;
    /**
     * The inbox's consumer name is the run-events channel's Kafka group id; the sync events (a group of their own)
     * are recorded under it too.
     */
    @ConfigProperty(name = "mp.messaging.incoming.run-events.group.id")
    String consumer;
    @Inject
    Deliveries deliveries;

    /** What an event tells: the run, the message (null for none) and the metric point. */
    private record Told(Deliveries.Notice notice, boolean failed, RunSummary summary, Point point) {
    }

    @Transactional
    public void handle(CloudEvent event) {
        if (!known(event.type()) || !inbox.firstDelivery(consumer, event)) {
            return;
        }
        boolean sync = event.type().startsWith(EventTypes.PREFIX + "sync.");
        // a sync job has no notification settings of its own: its failures go to the operators' webhook
        String key = sync ? null : jobId(event);
        JobSettings settings = key == null ? null : JobSettings.findById(key);
        Told told = switch (event.type()) {
            case EventTypes.RUN_COMPLETED -> completed(event, settings);
            case EventTypes.RUN_FAILED -> failed(event, settings);
            case EventTypes.RUN_SKIPPED -> skipped(event, settings);
            case EventTypes.SYNC_COMPLETED -> syncCompleted(event);
            default -> syncFailed(event);
        };
        if (told.summary() != null && JobSettings.wants(settings, told.failed())) {
            deliveries.messages(told.notice(), settings, told.summary(), MailSender.subject(told.summary()),
                    MailSender.text(told.summary()));
        }
        deliveries.point(told.notice(), settings, told.point());
    }

    private static boolean known(String type) {
        return switch (type) {
            case EventTypes.RUN_COMPLETED, EventTypes.RUN_FAILED, EventTypes.RUN_SKIPPED, EventTypes.SYNC_COMPLETED,
                 EventTypes.SYNC_FAILED -> true;
            default -> false;
        };
    }

    private static String jobId(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.RUN_COMPLETED -> EventJson.read(event.data(), RunCompleted.class).jobId();
            case EventTypes.RUN_FAILED -> EventJson.read(event.data(), RunFailed.class).jobId();
            default -> EventJson.read(event.data(), RunSkipped.class).jobId();
        };
    }

    private static Told completed(CloudEvent event, JobSettings settings) {
        RunCompleted e = EventJson.read(event.data(), RunCompleted.class);
        RunSummary summary = new RunSummary("run.completed", "Completed", e.jobName(), e.jobId(), e.runId(),
                e.workerId(), e.startedAt(), e.completedAt(), e.stats(), e.snapshots(), null, event.id());
        RunStats s = e.stats();
        Point p = runPoint(settings, e.jobName(), "Completed", e.mode() != null ? e.mode() : mode(settings),
                e.action().wire(), seconds(e.startedAt(), e.completedAt()), s.bytesRead(), s.bytesChanged(),
                s.bytesWritten(), e.completedAt());
        return new Told(notice(event, e.jobId(), e.jobName(), settings, e.runId()), false, summary, p);
    }

    private static Told failed(CloudEvent event, JobSettings settings) {
        RunFailed e = EventJson.read(event.data(), RunFailed.class);
        RunSummary summary = new RunSummary("run.failed", "Failed", e.jobName(), e.jobId(), e.runId(), e.workerId(),
                null, e.failedAt(), null, null, e.reason(), event.id());
        Point p = runPoint(settings, e.jobName(), "Failed", mode(settings), type(settings), 0, 0, 0, 0,
                e.failedAt());
        return new Told(notice(event, e.jobId(), e.jobName(), settings, e.runId()), true, summary, p);
    }

    /** A Skipped run: no message (as before), a point. */
    private static Told skipped(CloudEvent event, JobSettings settings) {
        RunSkipped e = EventJson.read(event.data(), RunSkipped.class);
        Point p = runPoint(settings, e.jobName(), "Skipped", mode(settings), type(settings), 0, 0, 0, 0,
                e.skippedAt());
        Deliveries.Notice n = new Deliveries.Notice(event, e.jobId(), e.jobName(),
                e.project() != null ? e.project() : settings == null ? null : settings.project, e.runId());
        return new Told(n, false, null, p.project() != null ? p : withProject(p, n.project()));
    }

    private static Told syncCompleted(CloudEvent event) {
        SyncCompleted e = EventJson.read(event.data(), SyncCompleted.class);
        Map<String, Number> fields = new LinkedHashMap<>();
        fields.put("duration_seconds", seconds(e.startedAt(), e.completedAt()));
        fields.put("snapshots_copied", (long) e.copied().size());
        fields.put("snapshots_removed", (long) e.removed().size());
        fields.put("bytes_copied", e.bytesCopied());
        fields.put("chunks_copied", e.chunksCopied());
        Point p = new Point("sync", e.project(), e.syncJobName(), Map.of("status", "Completed"), fields,
                e.completedAt());
        return new Told(new Deliveries.Notice(event, e.syncJobId(), e.syncJobName(), e.project(), e.syncRunId()),
                false, null, p);
    }

    private static Told syncFailed(CloudEvent event) {
        SyncFailed e = EventJson.read(event.data(), SyncFailed.class);
        RunSummary summary = new RunSummary("sync.failed", "Failed", e.syncJobName(), e.syncJobId(), e.syncRunId(),
                null, null, e.failedAt(), null, null, e.reason(), event.id());
        Map<String, Number> fields = new LinkedHashMap<>();
        fields.put("duration_seconds", 0.0);
        fields.put("snapshots_copied", (long) (e.copied() == null ? 0 : e.copied().size()));
        fields.put("snapshots_removed", 0L);
        fields.put("bytes_copied", 0L);
        fields.put("chunks_copied", 0L);
        Point p = new Point("sync", e.project(), e.syncJobName(), Map.of("status", "Failed"), fields, e.failedAt());
        return new Told(new Deliveries.Notice(event, e.syncJobId(), e.syncJobName(), e.project(), e.syncRunId()),
                true, summary, p);
    }

    private static Deliveries.Notice notice(CloudEvent event, String jobId, String jobName, JobSettings settings,
                                            String runId) {
        return new Deliveries.Notice(event, jobId, jobName, settings == null ? null : settings.project, runId);
    }

    /** {@code ironcore_run}: tags status, mode, type; fields duration_seconds, bytes_read, _changed, _written. */
    private static Point runPoint(JobSettings settings, String jobName, String status, String mode, String type,
                                  double duration, long read, long changed, long written, Instant at) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("status", status);
        tags.put("mode", mode);
        tags.put("type", type);
        Map<String, Number> fields = new LinkedHashMap<>();
        fields.put("duration_seconds", duration);
        fields.put("bytes_read", read);
        fields.put("bytes_changed", changed);
        fields.put("bytes_written", written);
        String job = jobName != null ? jobName : settings == null ? null : settings.jobName;
        return new Point("run", settings == null ? null : settings.project, job, tags, fields, at);
    }

    private static Point withProject(Point p, String project) {
        return new Point(p.kind(), project, p.job(), p.tags(), p.fields(), p.time());
    }

    private static String mode(JobSettings settings) {
        return settings == null ? null : settings.jobMode;
    }

    private static String type(JobSettings settings) {
        return settings == null || settings.jobAction == null ? "backup" : settings.jobAction;
    }

    private static double seconds(Instant from, Instant to) {
        return from == null || to == null ? 0.0 : Duration.between(from, to).toMillis() / 1000.0;
    }
}
