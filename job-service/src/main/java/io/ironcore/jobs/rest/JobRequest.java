package io.ironcore.jobs.rest;

import io.ironcore.events.job.SourceFilter;
import io.ironcore.jobs.service.JobInput;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A job as a client writes it: the body of create, and (as a JSON merge patch) of update. Absent optional fields
 * take the documented defaults. The checks that need the database (datastore, sources, group) and the parsers
 * (schedule, retention) run in {@code JobValidator}.
 */
public record JobRequest(
        @NotBlank
        @Size(max = 63)
        @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE)
        String name,
        @Size(max = 1024)
        String description,
        @Pattern(regexp = "vm", message = "must be vm")
        String type,
        @Size(max = 1000, message = "must list at most 1000 workload ids")
        List<@NotBlank @Size(max = 64) @Pattern(regexp = Patterns.ID, message = Patterns.ID_MESSAGE) String> sourceIds,
        @Size(max = 100, message = "must have at most 100 filters")
        List<SourceFilter> include,
        @Size(max = 100, message = "must have at most 100 filters")
        List<SourceFilter> exclude,
        @NotBlank
        @Size(max = 63)
        String datastore,
        @Size(max = 256)
        @Pattern(regexp = Patterns.NAMESPACE, message = Patterns.NAMESPACE_MESSAGE)
        String namespace,
        @Pattern(regexp = "incremental|full", message = "must be incremental or full")
        String mode,
        @Size(max = 256)
        @Elapses
        String schedule,
        @Size(max = 64)
        String timezone,
        @Size(max = 256)
        String retention,
        @Pattern(regexp = "always|errors|never", message = "must be always, errors or never")
        String notificationMode,
        @Size(max = 63)
        @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE)
        String notificationGroup,
        Boolean enabled,
        @Pattern(regexp = "skip|queue", message = "must be skip or queue")
        String overlapPolicy,
        @Pattern(regexp = "run-once|skip", message = "must be run-once or skip")
        String missedRunPolicy,
        @Pattern(regexp = "backup|verify|gc", message = "must be backup, verify or gc")
        String action,
        @Size(max = 32)
        String rpo) {

    /** The job as the service takes it. */
    public JobInput toInput() {
        return new JobInput(name, description, type, sourceIds, include, exclude, datastore, namespace, mode, schedule,
                timezone, retention, notificationMode, notificationGroup, enabled, overlapPolicy, missedRunPolicy,
                action, rpo);
    }

    /** The job as a client would write it: the base a merge patch applies to. */
    public static JobRequest of(JobInput j) {
        return new JobRequest(j.name(), j.description(), j.type(), j.sourceIds(), j.include(), j.exclude(),
                j.datastore(), j.namespace(), j.mode(), j.schedule(), j.timezone(), j.retention(), j.notificationMode(),
                j.notificationGroup(), j.enabled(), j.overlapPolicy(), j.missedRunPolicy(), j.action(), j.rpo());
    }
}
