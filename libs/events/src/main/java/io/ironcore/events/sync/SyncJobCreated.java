package io.ironcore.events.sync;

import io.ironcore.events.Validated;
import io.ironcore.events.run.DatastoreRef;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.syncjob.created.v1} on {@code ironcore.job-events}, key = sync job id. A project
 * administrator set up replication from a source datastore and namespace to a target (e.g. the Backup site), on a
 * schedule, with the target's own retention.
 */
public record SyncJobCreated(String syncJobId, String name, String project, DatastoreRef source,
                             String sourceNamespace, DatastoreRef target, String targetNamespace, String schedule,
                             String timezone, String retention, boolean enabled, Instant createdAt)
        implements Validated {
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
