package io.ironcore.prune.service;

import io.ironcore.events.job.JobDeleted;
import io.ironcore.prune.JobRetention;
import io.ironcore.prune.config.PruneConfig;

/** What the sweep does with a job's snapshots. */
public enum SweepSelection {
    /** A job that runs: its passes follow its runs; the sweep leaves it. */
    ACTIVE,
    /** Pruned by the sweep with the job's (last) retention: deleted with orphans=prune, or paused. */
    PRUNE,
    /** Deleted with orphans=keep (or before the policy existed): never pruned again, counted as kept orphans. */
    KEEP_ORPHANS,
    /** Paused, and {@code ironcore.prune.paused-jobs=keep}: left until the job runs again. */
    KEEP_PAUSED;

    public static SweepSelection of(JobRetention job, PruneConfig.PausedJobs pausedJobs) {
        if (job.deleted()) {
            return job.orphans == JobDeleted.Orphans.PRUNE ? PRUNE : KEEP_ORPHANS;
        }
        if (!job.enabled) {
            return pausedJobs == PruneConfig.PausedJobs.KEEP ? KEEP_PAUSED : PRUNE;
        }
        return ACTIVE;
    }
}
