package io.ironcore.events.schedule;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.schedule.tick.v1} on {@code ironcore.ticks}, key = job id: a job's (or sync job's)
 * schedule fired for one scheduled time. Fired at most once per slot: {@code tickId = jobId@scheduledFor} is unique,
 * so a duplicate collapses downstream.
 *
 * @param kind         {@code job} (a backup job, for job-service) or {@code sync} (a sync job, for sync-service)
 * @param scheduledFor the slot: when the calendar said to run
 * @param firedAt      when the scheduler fired it
 * @param catchUp      true for the one run of a job that missed slots while no scheduler ran (run-once policy)
 */
public record ScheduleTick(String tickId, String jobId, String kind, String jobName, String project,
                           Instant scheduledFor, Instant firedAt, boolean catchUp) implements Validated {
    public static final String KIND_JOB = "job";
    public static final String KIND_SYNC = "sync";

    public static String tickId(String jobId, Instant scheduledFor) {
        return jobId + "@" + scheduledFor;
    }

    @Override
    public void validate() {
        Validated.require(tickId, "tickId");
        Validated.require(jobId, "jobId");
        Validated.require(kind, "kind");
        Validated.require(scheduledFor, "scheduledFor");
        Validated.require(firedAt, "firedAt");
    }
}
