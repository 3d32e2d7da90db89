package io.ironcore.notifications.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;

import java.time.Instant;
import java.util.List;

/**
 * The JSON body of a run notification.
 *
 * @param type    {@code run.completed} or {@code run.failed}
 * @param status  {@code Completed} or {@code Failed}
 * @param eventId the id of the run event this notification tells of
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(String type, String status, String job, String jobId, String runId, String workerId,
                         Instant startedAt, Instant finishedAt, RunStats stats, List<SnapshotCreated> snapshots,
                         String reason, String eventId) {
}
