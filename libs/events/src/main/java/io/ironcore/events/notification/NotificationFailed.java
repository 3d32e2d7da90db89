package io.ironcore.events.notification;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.notification.failed.v1} on {@code ironcore.notification-events}, key = job id (sync job
 * id for a sync run): a target did not take a notification, after every retry. It never changes the run's state.
 *
 * @param reason   why, in one line: {@code HTTP 404 from https://hooks.example.com/ops}, a refused connection, the
 *                 egress policy's refusal
 * @param attempts attempts made before giving up
 * @see NotificationSent for the other fields
 */
public record NotificationFailed(String notificationId, String jobId, String jobName, String project, String runId,
                                 String causeType, String causeId, TargetType targetType,
                                 String target, int attempts, Instant failedAt, String reason) implements Validated {
    @Override
    public void validate() {
        Validated.require(notificationId, "notificationId");
        Validated.require(jobId, "jobId");
        Validated.require(causeType, "causeType");
        Validated.require(targetType, "targetType");
        Validated.require(target, "target");
        Validated.require(failedAt, "failedAt");
        Validated.require(reason, "reason");
    }
}
