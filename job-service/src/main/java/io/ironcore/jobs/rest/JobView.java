package io.ironcore.jobs.rest;

import io.ironcore.events.job.SourceFilter;

import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it.
 *
 * @param state     the lifecycle state of the product page: Scheduled, Running, Completed, Failed or Disabled
 * @param lastRun   the last run and its outcome, kept apart from enabled/disabled
 * @param nextRunAt when the schedule fires next; absent without a schedule or while disabled
 * @param version   changes with every change; the ETag of the job
 * @param rpo       the RPO set on the job ({@code 26h}); absent when it is derived from the schedule
 * @param compliance the job's RPO compliance now; absent for jobs that are not monitored (verify and GC jobs, and
 *                  backup jobs without a schedule or an RPO)
 */
public record JobView(String id, String name, String project, String description, String type,
                      List<String> sourceIds, List<SourceFilter> include, List<SourceFilter> exclude,
                      String datastore, String namespace, String mode, String schedule, String timezone,
                      String retention, String notificationMode, String notificationGroup, boolean enabled,
                      String action, String overlapPolicy, String missedRunPolicy, String state, RunView lastRun,
                      Instant nextRunAt, long version, Instant createdAt, Instant updatedAt, String rpo,
                      ComplianceView compliance) {
}
