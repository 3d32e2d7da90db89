package io.ironcore.events.job;

import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;

import java.time.Instant;
import java.util.Optional;

/**
 * Any job event, read as the change it makes to a consumer's copy of the job: the spec when the event carries one,
 * the enabled flag when it changes, or the deletion. Consumers that keep a projection of jobs apply it instead of
 * handling the five event types one by one.
 *
 * @param spec    the whole spec after the change (created, updated), else null
 * @param enabled the enabled flag after the change (created, updated, enabled, disabled), else null
 * @param version the job's version after the change (0 when the event does not say)
 * @param orphans for a deletion, its orphan policy ({@link JobDeleted.Orphans#KEEP} when the event does not say);
 *                else null
 */
public record JobChange(Kind kind, String jobId, String name, String project, JobSpec spec, Boolean enabled,
                        long version, Instant at, JobDeleted.Orphans orphans) {

    /** A change that is not a deletion. */
    public JobChange(Kind kind, String jobId, String name, String project, JobSpec spec, Boolean enabled,
                     long version, Instant at) {
        this(kind, jobId, name, project, spec, enabled, version, at, null);
    }

    public enum Kind { CREATED, UPDATED, ENABLED, DISABLED, DELETED }

    /** The change a job event makes; empty for an event that is not about a job. */
    public static Optional<JobChange> of(CloudEvent event) {
        return Optional.ofNullable(switch (event.type()) {
            case EventTypes.JOB_CREATED -> {
                JobCreated e = EventJson.read(event.data(), JobCreated.class);
                yield new JobChange(Kind.CREATED, e.jobId(), e.name(), e.project(), e.spec(), e.spec().enabled(),
                        e.version() == null ? 1 : e.version(), e.createdAt());
            }
            case EventTypes.JOB_UPDATED -> {
                JobUpdated e = EventJson.read(event.data(), JobUpdated.class);
                yield new JobChange(Kind.UPDATED, e.jobId(), e.name(), e.project(), e.spec(), e.spec().enabled(),
                        e.version(), e.updatedAt());
            }
            case EventTypes.JOB_ENABLED -> {
                JobEnabled e = EventJson.read(event.data(), JobEnabled.class);
                yield new JobChange(Kind.ENABLED, e.jobId(), e.name(), e.project(), null, true, e.version(),
                        e.enabledAt());
            }
            case EventTypes.JOB_DISABLED -> {
                JobDisabled e = EventJson.read(event.data(), JobDisabled.class);
                yield new JobChange(Kind.DISABLED, e.jobId(), e.name(), e.project(), null, false, e.version(),
                        e.disabledAt());
            }
            case EventTypes.JOB_DELETED -> {
                JobDeleted e = EventJson.read(event.data(), JobDeleted.class);
                yield new JobChange(Kind.DELETED, e.jobId(), e.name(), e.project(), null, null, 0, e.deletedAt(),
                        e.orphanPolicy());
            }
            default -> null;
        });
    }

    public boolean deleted() {
        return kind == Kind.DELETED;
    }

    /**
     * Whether a copy at {@code knownVersion} should take this change: changes arrive in order per job (one
     * partition), but a replay may bring an older one again.
     */
    public boolean newerThan(long knownVersion) {
        return version == 0 || version > knownVersion;
    }
}
