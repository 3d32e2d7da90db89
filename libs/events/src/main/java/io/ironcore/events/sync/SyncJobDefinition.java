package io.ironcore.events.sync;

import io.ironcore.events.MalformedEventException;
import io.ironcore.events.Validated;
import io.ironcore.events.run.DatastoreRef;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.syncjob.definition.v1} on {@code ironcore.job-definitions}, key = sync job id: the sync
 * job as it is, with the fields of SyncJobCreated. Compacted like JobDefinition; a deleted sync job ends in a
 * tombstone (a null value, this type in {@code ce_type}).
 *
 * @param allProjects optional: {@code true} for a cross-project sync job (see SyncJobCreated)
 * @param version     the sync job's version: a reader keeps the higher one
 * @param updatedAt   when the definition last changed (sync jobs are not changed in place yet: their creation)
 */
public record SyncJobDefinition(String syncJobId, String name, String project, DatastoreRef source,
                                String sourceNamespace, DatastoreRef target, String targetNamespace, String schedule,
                                String timezone, String retention, Boolean enabled, Boolean allProjects, long version,
                                Instant createdAt, Instant updatedAt)
        implements Validated {

    @Override
    public void validate() {
        Validated.require(syncJobId, "syncJobId");
        Validated.require(name, "name");
        Validated.require(project, "project");
        Validated.require(source, "source");
        Validated.require(target, "target");
        Validated.require(schedule, "schedule");
        Validated.require(enabled, "enabled");
        Validated.require(createdAt, "createdAt");
        Validated.require(updatedAt, "updatedAt");
        if (version < 1) {
            throw new MalformedEventException("missing required field 'version'");
        }
    }
}
