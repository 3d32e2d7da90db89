package io.ironcore.events;

/**
 * CloudEvents {@code type} values of every published event. Explicit, versioned names, never derived from a
 * class name. A breaking change to a payload is a new {@code .vN} type published beside the old one.
 */
public final class EventTypes {
    public static final String PREFIX = "io.ironcore.backup.";

    public static final String JOB_CREATED = PREFIX + "job.created.v1";
    public static final String JOB_UPDATED = PREFIX + "job.updated.v1";
    public static final String JOB_ENABLED = PREFIX + "job.enabled.v1";
    public static final String JOB_DISABLED = PREFIX + "job.disabled.v1";
    public static final String JOB_DELETED = PREFIX + "job.deleted.v1";
    /** A job's current definition, on the compacted {@code ironcore.job-definitions}. */
    public static final String JOB_DEFINITION = PREFIX + "job.definition.v1";

    public static final String SYNC_JOB_CREATED = PREFIX + "syncjob.created.v1";
    public static final String SYNC_JOB_DELETED = PREFIX + "syncjob.deleted.v1";
    /** A sync job's current definition, on the compacted {@code ironcore.job-definitions}. */
    public static final String SYNC_JOB_DEFINITION = PREFIX + "syncjob.definition.v1";
    public static final String SYNC_REQUESTED = PREFIX + "sync.requested.v1";

    public static final String SYNC_STARTED = PREFIX + "sync.started.v1";
    public static final String SYNC_COMPLETED = PREFIX + "sync.completed.v1";
    public static final String SYNC_FAILED = PREFIX + "sync.failed.v1";

    public static final String SCHEDULE_TICK = PREFIX + "schedule.tick.v1";

    public static final String RUN_REQUESTED = PREFIX + "run.requested.v1";
    public static final String RUN_STARTED = PREFIX + "run.started.v1";
    public static final String RUN_COMPLETED = PREFIX + "run.completed.v1";
    public static final String RUN_FAILED = PREFIX + "run.failed.v1";
    public static final String RUN_PROGRESS = PREFIX + "run.progress.v1";
    public static final String RUN_SKIPPED = PREFIX + "run.skipped.v1";

    public static final String PRUNE_COMPLETED = PREFIX + "prune.completed.v1";
    public static final String PRUNE_FAILED = PREFIX + "prune.failed.v1";
    public static final String GC_COMPLETED = PREFIX + "gc.completed.v1";
    public static final String SNAPSHOT_PROTECTION_CHANGED = PREFIX + "snapshot.protection-changed.v1";

    public static final String JOB_RPO_BREACHED = PREFIX + "job.rpo-breached.v1";
    public static final String JOB_RPO_RESTORED = PREFIX + "job.rpo-restored.v1";

    public static final String NOTIFICATION_SENT = PREFIX + "notification.sent.v1";
    public static final String NOTIFICATION_FAILED = PREFIX + "notification.failed.v1";

    public static final String RESTORE_REQUESTED = PREFIX + "restore.requested.v1";
    public static final String RESTORE_COMPLETED = PREFIX + "restore.completed.v1";
    public static final String RESTORE_FAILED = PREFIX + "restore.failed.v1";

    private EventTypes() {
    }
}
