package io.ironcore.jobs.rest;

import io.ironcore.events.compliance.RpoState;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.JobCompliance;
import io.ironcore.jobs.service.Rpo;

import java.time.Duration;
import java.time.Instant;

/**
 * A backup job's RPO compliance as the API shows it, found now.
 *
 * @param state              protected, pending (no snapshot yet, within its first RPO), never-protected, stale or
 *                           paused
 * @param atRisk             true for never-protected, stale and paused
 * @param rpo                the RPO the job is measured against, e.g. {@code 26h}
 * @param rpoSource          {@code job} when set on the job, {@code schedule} when derived from it
 * @param lastGoodSnapshotAt the newest good snapshot's time; absent when it never had one
 * @param deadline           when the job will be at risk if no good snapshot comes; absent while at risk
 * @param atRiskSince        since when it is at risk; absent while not
 */
public record ComplianceView(String state, boolean atRisk, String rpo, long rpoSeconds, String rpoSource,
                             Instant lastGoodSnapshotAt, Instant deadline, Instant atRiskSince) {

    /** The view of a job measured against {@code rpo} now; {@code row} is its stored state, if any. */
    static ComplianceView of(Job job, Duration rpo, JobCompliance row, Instant now) {
        RpoState state = JobCompliance.stateOf(job.enabled, job.createdAt, job.lastGoodSnapshotAt, rpo, now);
        Instant since = null;
        if (state.atRisk()) {
            since = row != null && row.state.atRisk() ? row.since
                    : JobCompliance.breachedAt(state, job.createdAt, job.lastGoodSnapshotAt, rpo, now);
        }
        return new ComplianceView(state.wire(), state.atRisk(), Rpo.format(rpo), rpo.getSeconds(),
                job.rpoSeconds != null ? "job" : "schedule", job.lastGoodSnapshotAt,
                JobCompliance.deadline(state, job.createdAt, job.lastGoodSnapshotAt, rpo), since);
    }
}
