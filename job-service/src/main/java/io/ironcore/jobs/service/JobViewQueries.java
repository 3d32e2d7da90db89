package io.ironcore.jobs.service;

import io.ironcore.jobs.Job;
import io.ironcore.jobs.JobCompliance;
import io.ironcore.jobs.Run;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Optional;

/** What the API's view of a job reads besides the job itself. */
@ApplicationScoped
public class JobViewQueries {
    @Inject
    Compliance compliance;

    /** The RPO the job is measured against; empty when it is not monitored. */
    public Optional<Duration> rpoOf(Job j) {
        return compliance.rpoOf(j);
    }

    /** The job's stored compliance, or null before its first evaluation (or when it is not monitored). */
    public JobCompliance compliance(Job j) {
        return JobCompliance.findById(j.id);
    }

    /** The job's last run, or null when it never ran (or that run was purged). */
    public Run lastRun(Job j) {
        return j.lastRunId == null ? null : Run.findById(j.lastRunId);
    }
}
