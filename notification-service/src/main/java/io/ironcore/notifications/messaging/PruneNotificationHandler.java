package io.ironcore.notifications.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.prune.PruneCompleted;
import io.ironcore.events.prune.PruneFailed;
import io.ironcore.notifications.JobSettings;
import io.ironcore.notifications.delivery.Deliveries;
import io.ironcore.notifications.metrics.Point;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every prune pass (PruneCompleted, PruneFailed) writes an {@code ironcore_prune} point (tags status; fields
 * snapshots_kept, snapshots_removed) to each metric server of the job's group and the operators', whatever the
 * notification mode. Once per event (the inbox).
 */
@ApplicationScoped
public class PruneNotificationHandler {
    @Inject
    Inbox inbox;
    @ConfigProperty(name = "mp.messaging.incoming.prune-events.group.id")
    String consumer;
    @Inject
    Deliveries deliveries;

    @Transactional
    public void handle(CloudEvent event) {
        boolean completed = EventTypes.PRUNE_COMPLETED.equals(event.type());
        if (!completed && !EventTypes.PRUNE_FAILED.equals(event.type()) || !inbox.firstDelivery(consumer, event)) {
            return;
        }
        Map<String, Number> fields = new LinkedHashMap<>();
        String jobId;
        String jobName;
        String runId;
        Point p;
        JobSettings settings;
        if (completed) {
            PruneCompleted e = EventJson.read(event.data(), PruneCompleted.class);
            jobId = e.jobId();
            jobName = e.jobName();
            runId = e.pruneId();
            settings = JobSettings.findById(jobId);
            fields.put("snapshots_kept", (long) e.kept().size());
            fields.put("snapshots_removed", (long) e.removed().size());
            p = new Point("prune", project(settings), name(jobName, settings), Map.of("status", "Completed"), fields,
                    e.completedAt());
        } else {
            PruneFailed e = EventJson.read(event.data(), PruneFailed.class);
            jobId = e.jobId();
            jobName = e.jobName();
            runId = e.pruneId();
            settings = JobSettings.findById(jobId);
            fields.put("snapshots_kept", 0L);
            fields.put("snapshots_removed", 0L);
            p = new Point("prune", project(settings), name(jobName, settings), Map.of("status", "Failed"), fields,
                    e.failedAt());
        }
        deliveries.point(new Deliveries.Notice(event, jobId, name(jobName, settings), project(settings), runId),
                settings, p);
    }

    private static String project(JobSettings s) {
        return s == null ? null : s.project;
    }

    private static String name(String jobName, JobSettings s) {
        return jobName != null ? jobName : s == null ? null : s.jobName;
    }
}
