package io.ironcore.jobs.service;

import io.ironcore.jobs.Job;
import io.ironcore.jobs.Run;
import jakarta.enterprise.context.ApplicationScoped;

/** What the API's view of a job reads besides the job itself. */
@ApplicationScoped
public class JobViewQueries {
    /** The job's last run, or null when it never ran (or that run was purged). */
    public Run lastRun(Job j) {
        return j.lastRunId == null ? null : Run.findById(j.lastRunId);
    }
}
