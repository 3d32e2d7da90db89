package io.ironcore.events.sync;

import io.ironcore.events.Validated;
import io.ironcore.events.run.DatastoreRef;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.syncjob.created.v1} on {@code ironcore.job-events}, key = sync job id. A project
 * administrator set up replication from a source datastore and namespace to a target (e.g. the Backup site), on a
 * schedule, with the target's own retention. It copies only the backup groups that belong to {@code project}.
 *
 * @param allProjects optional: {@code true} for a sync job that a system administrator set up across projects, which
 *                    copies every project's groups of the source namespace; absent or {@code false}, only the
 *                    groups of {@code project}
 */
public record SyncJobCreated(String syncJobId, String name, String project, DatastoreRef source,
                             String sourceNamespace, DatastoreRef target, String targetNamespace, String schedule,
                             String timezone, String retention, boolean enabled, Instant createdAt,
                             Boolean allProjects)
        implements Validated {
    /** A sync job of {@code project} alone. */
    public SyncJobCreated(String syncJobId, String name, String project, DatastoreRef source, String sourceNamespace,
                          DatastoreRef target, String targetNamespace, String schedule, String timezone,
                          String retention, boolean enabled, Instant createdAt) {
        this(syncJobId, name, project, source, sourceNamespace, target, targetNamespace, schedule, timezone,
                retention, enabled, createdAt, null);
    }

    /** True only for a cross-project sync job (a system administrator's). */
    public boolean spansAllProjects() {
        return Boolean.TRUE.equals(allProjects);
    }

    @Override
    public void validate() {
        Validated.require(syncJobId, "syncJobId");
        Validated.require(name, "name");
        Validated.require(source, "source");
        Validated.require(target, "target");
        Validated.require(schedule, "schedule");
        Validated.require(createdAt, "createdAt");
    }
}
