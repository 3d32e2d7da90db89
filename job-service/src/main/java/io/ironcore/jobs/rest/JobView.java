package io.ironcore.jobs.rest;

import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it.
 *
 * @param state     lifecycle state of the product page: Scheduled, Running or Disabled
 * @param lastRun   the outcome of the last run, kept apart from enabled/disabled
 * @param nextRunAt when the schedule fires next, absent without a schedule or while disabled
 */
public record JobView(String id, String name, String project, String description, String type,
                      List<String> sourceIds, String datastore, String namespace, String mode, String schedule,
                      String timezone, String retention, String notificationMode, String notificationGroup,
                      boolean enabled, String state, RunView lastRun, Instant nextRunAt, long version,
                      Instant createdAt, Instant updatedAt) {
}
