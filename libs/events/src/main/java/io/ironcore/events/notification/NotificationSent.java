package io.ironcore.events.notification;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.notification.sent.v1} on {@code ironcore.notification-events}, key = job id (sync job id
 * for a sync run): one target took one notification.
 *
 * @param notificationId the delivery's id, the same in every attempt and in the outcome event
 * @param runId          the run (or prune pass, or sync run) the notification is about; absent for an RPO transition
 * @param causeType      the CloudEvents type of the event that caused it, e.g. {@code io.ironcore.backup.run.failed.v1}
 * @param causeId        that event's id
 * @param target         where it went, without secrets: a webhook's scheme, host, port and path, an email address,
 *                       a metric server's address
 * @param attempts       attempts it took, 1 for the first
 */
public record NotificationSent(String notificationId, String jobId, String jobName, String project, String runId,
                               String causeType, String causeId, TargetType targetType,
                               String target, int attempts, Instant sentAt) implements Validated {
    @Override
    public void validate() {
        Validated.require(notificationId, "notificationId");
        Validated.require(jobId, "jobId");
        Validated.require(causeType, "causeType");
        Validated.require(targetType, "targetType");
        Validated.require(target, "target");
        Validated.require(sentAt, "sentAt");
    }
}
