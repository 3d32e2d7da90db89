package io.ironcore.events.compliance;

import io.ironcore.events.MalformedEventException;
import io.ironcore.events.Validated;

import java.time.Instant;

/**
 * {@code io.ironcore.backup.job.rpo-breached.v1} on {@code ironcore.compliance-events}, key = job id: the job became
 * at risk. Published once per transition; the next transition is a {@link JobRpoRestored}.
 *
 * @param rpoSeconds         the job's RPO when it was breached
 * @param state              why: {@code never-protected}, {@code stale} or {@code paused}
 * @param lastGoodSnapshotAt the time of the job's newest good snapshot; absent when it never had one
 * @param breachedAt         when the job became at risk (the newest good snapshot's time plus the RPO, or the pause)
 */
public record JobRpoBreached(String jobId, String jobName, String project, long rpoSeconds, RpoState state,
                             Instant lastGoodSnapshotAt, Instant breachedAt) implements Validated {
    @Override
    public void validate() {
        Validated.require(jobId, "jobId");
        Validated.require(state, "state");
        Validated.require(breachedAt, "breachedAt");
        if (!state.atRisk()) {
            throw new MalformedEventException("state of a breach must be an at-risk state, not "
                    + state.wire());
        }
    }
}
