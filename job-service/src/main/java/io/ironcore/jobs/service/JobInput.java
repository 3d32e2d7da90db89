package io.ironcore.jobs.service;

import io.ironcore.events.job.SourceFilter;

import java.util.List;

/**
 * A job as the service takes it: every field a client may set, absent ones null (the service applies the
 * documented defaults). The REST layer builds it from its request body; the field-level checks of that body
 * (sizes, patterns) have run by then, the ones that need the database or a parser run in {@link JobValidator}.
 *
 * @param rpo the recovery point objective as the client wrote it ({@code 26h}, {@link Rpo#parse}); null or blank:
 *            derived from the schedule
 */
public record JobInput(String name, String description, String type, List<String> sourceIds,
                       List<SourceFilter> include, List<SourceFilter> exclude, String datastore, String namespace,
                       String mode, String schedule, String timezone, String retention, String notificationMode,
                       String notificationGroup, Boolean enabled, String overlapPolicy, String missedRunPolicy,
                       String action, String rpo) {
}
