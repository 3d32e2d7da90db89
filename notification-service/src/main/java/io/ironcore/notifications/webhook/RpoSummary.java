package io.ironcore.notifications.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The JSON body of a notification about a job's RPO compliance.
 *
 * @param type               {@code job.rpo-breached} or {@code job.rpo-restored}
 * @param state              why the job is at risk ({@code never-protected}, {@code stale}, {@code paused}); absent
 *                           when restored
 * @param at                 when it was breached, or restored
 * @param atRiskSeconds      how long it was at risk (restored only)
 * @param deleted            true when the job was deleted while at risk (restored only)
 * @param eventId            the id of the compliance event this notification tells of
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RpoSummary(String type, String job, String jobId, String project, String state, long rpoSeconds,
                         Instant lastGoodSnapshotAt, Instant at, Long atRiskSeconds, Boolean deleted,
                         String eventId) {
}
