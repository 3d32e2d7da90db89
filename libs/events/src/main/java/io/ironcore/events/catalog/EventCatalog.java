package io.ironcore.events.catalog;

import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.compliance.JobRpoBreached;
import io.ironcore.events.compliance.JobRpoRestored;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobDefinition;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.events.job.JobDisabled;
import io.ironcore.events.job.JobEnabled;
import io.ironcore.events.job.JobUpdated;
import io.ironcore.events.notification.NotificationFailed;
import io.ironcore.events.notification.NotificationSent;
import io.ironcore.events.prune.GcCompleted;
import io.ironcore.events.prune.PruneCompleted;
import io.ironcore.events.prune.PruneFailed;
import io.ironcore.events.prune.SnapshotProtectionChanged;
import io.ironcore.events.restore.RestoreCompleted;
import io.ironcore.events.restore.RestoreFailed;
import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunProgress;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSkipped;
import io.ironcore.events.run.RunStarted;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.events.sync.SyncCompleted;
import io.ironcore.events.sync.SyncFailed;
import io.ironcore.events.sync.SyncJobCreated;
import io.ironcore.events.sync.SyncJobDefinition;
import io.ironcore.events.sync.SyncJobDeleted;
import io.ironcore.events.sync.SyncRequested;
import io.ironcore.events.sync.SyncStarted;

import java.util.List;
import java.util.Optional;

/**
 * Every published event type: its payload record, its topic, and the file names of its schema and golden. In a
 * package of its own, above the payload packages it lists: the root package ({@code io.ironcore.events}) uses no
 * payload package, so there is no package cycle through it.
 */
public final class EventCatalog {

    public record Entry(String type, Class<?> payload, String topic) {
        /** e.g. {@code run.completed.v1} */
        public String shortName() {
            return type.substring(EventTypes.PREFIX.length());
        }

        public String schemaResource() {
            return "/io/ironcore/events/schemas/" + shortName() + ".json";
        }

        public String goldenResource() {
            return "/io/ironcore/events/golden/" + shortName() + ".json";
        }
    }

    public static final List<Entry> ENTRIES = List.of(
            new Entry(EventTypes.JOB_CREATED, JobCreated.class, Topics.JOB_EVENTS),
            new Entry(EventTypes.JOB_UPDATED, JobUpdated.class, Topics.JOB_EVENTS),
            new Entry(EventTypes.JOB_ENABLED, JobEnabled.class, Topics.JOB_EVENTS),
            new Entry(EventTypes.JOB_DISABLED, JobDisabled.class, Topics.JOB_EVENTS),
            new Entry(EventTypes.JOB_DELETED, JobDeleted.class, Topics.JOB_EVENTS),
            new Entry(EventTypes.SYNC_JOB_CREATED, SyncJobCreated.class, Topics.JOB_EVENTS),
            new Entry(EventTypes.SYNC_JOB_DELETED, SyncJobDeleted.class, Topics.JOB_EVENTS),
            new Entry(EventTypes.SYNC_REQUESTED, SyncRequested.class, Topics.JOB_EVENTS),
            new Entry(EventTypes.SCHEDULE_TICK, ScheduleTick.class, Topics.TICKS),
            new Entry(EventTypes.RUN_REQUESTED, RunRequested.class, Topics.RUN_REQUESTS),
            new Entry(EventTypes.RUN_STARTED, RunStarted.class, Topics.RUN_EVENTS),
            new Entry(EventTypes.RUN_COMPLETED, RunCompleted.class, Topics.RUN_EVENTS),
            new Entry(EventTypes.RUN_FAILED, RunFailed.class, Topics.RUN_EVENTS),
            new Entry(EventTypes.RUN_PROGRESS, RunProgress.class, Topics.RUN_EVENTS),
            new Entry(EventTypes.RUN_SKIPPED, RunSkipped.class, Topics.RUN_EVENTS),
            new Entry(EventTypes.RESTORE_REQUESTED, RestoreRequested.class, Topics.RUN_REQUESTS),
            new Entry(EventTypes.RESTORE_COMPLETED, RestoreCompleted.class, Topics.RUN_EVENTS),
            new Entry(EventTypes.RESTORE_FAILED, RestoreFailed.class, Topics.RUN_EVENTS),
            new Entry(EventTypes.PRUNE_COMPLETED, PruneCompleted.class, Topics.PRUNE_EVENTS),
            new Entry(EventTypes.PRUNE_FAILED, PruneFailed.class, Topics.PRUNE_EVENTS),
            new Entry(EventTypes.GC_COMPLETED, GcCompleted.class, Topics.PRUNE_EVENTS),
            new Entry(EventTypes.SYNC_STARTED, SyncStarted.class, Topics.SYNC_EVENTS),
            new Entry(EventTypes.SYNC_COMPLETED, SyncCompleted.class, Topics.SYNC_EVENTS),
            new Entry(EventTypes.SYNC_FAILED, SyncFailed.class, Topics.SYNC_EVENTS),
            new Entry(EventTypes.SNAPSHOT_PROTECTION_CHANGED, SnapshotProtectionChanged.class, Topics.JOB_EVENTS),
            new Entry(EventTypes.JOB_RPO_BREACHED, JobRpoBreached.class, Topics.COMPLIANCE_EVENTS),
            new Entry(EventTypes.JOB_RPO_RESTORED, JobRpoRestored.class, Topics.COMPLIANCE_EVENTS),
            new Entry(EventTypes.NOTIFICATION_SENT, NotificationSent.class, Topics.NOTIFICATION_EVENTS),
            new Entry(EventTypes.NOTIFICATION_FAILED, NotificationFailed.class, Topics.NOTIFICATION_EVENTS),
            new Entry(EventTypes.JOB_DEFINITION, JobDefinition.class, Topics.JOB_DEFINITIONS),
            new Entry(EventTypes.SYNC_JOB_DEFINITION, SyncJobDefinition.class, Topics.JOB_DEFINITIONS));

    public static Optional<Entry> byType(String type) {
        return ENTRIES.stream().filter(e -> e.type().equals(type)).findFirst();
    }

    public static Entry byPayload(Class<?> payload) {
        return ENTRIES.stream().filter(e -> e.payload().equals(payload)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event payload: " + payload.getName()));
    }

    private EventCatalog() {
    }
}
