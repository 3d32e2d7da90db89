package io.ironcore.events.compliance;

import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.job.rpo-restored.v1} on {@code ironcore.compliance-events}, key = job id: a job that was at
 * risk is protected again (a good snapshot, a longer RPO, or deleted while at risk). Once per transition.
 *
 * @param lastGoodSnapshotAt the newest good snapshot's time; absent when the job is back within a longer RPO without one
 * @param atRiskSeconds      how long the job was at risk
 * @param deleted            true when the job was deleted while at risk: nothing is at risk any more
 */
public record JobRpoRestored(String jobId, String jobName, String project, long rpoSeconds,
                             Instant lastGoodSnapshotAt, Instant restoredAt, long atRiskSeconds, boolean deleted)
        implements Validated {
    @Override
    public void validate() {
        Validated.require(jobId, "jobId");
        Validated.require(restoredAt, "restoredAt");
    }
}
