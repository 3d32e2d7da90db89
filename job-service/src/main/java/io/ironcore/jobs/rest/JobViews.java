package io.ironcore.jobs.rest;

import io.ironcore.jobs.Job;
import io.ironcore.jobs.Run;
import io.ironcore.jobs.service.JobViewQueries;
import io.ironcore.jobs.service.NextRun;
import io.ironcore.jobs.service.Rpo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Builds the API view of a job: its lifecycle state, the outcome of its last run and its next run time. */
@ApplicationScoped
public class JobViews {
    @Inject
    Clock clock;
    @Inject
    JobViewQueries queries;

    public JobView of(Job j) {
        Run last = queries.lastRun(j);
        Instant now = clock.instant();
        ComplianceView compliance = queries.rpoOf(j)
                .map(rpo -> ComplianceView.of(j, rpo, queries.compliance(j), now)).orElse(null);
        return new JobView(j.id.toString(), j.name, j.project, j.description, j.type, j.sourceIds, j.include,
                j.exclude, j.datastore, j.namespace, j.mode.wire(), j.schedule, j.timezone, j.retention,
                j.notificationMode, j.notificationGroup, j.enabled, j.action.wire(), j.overlapPolicy.wire(),
                j.missedRunPolicy.wire(), j.state(), last == null ? null : RunView.of(last),
                NextRun.of(j, now), j.version, j.createdAt, j.updatedAt,
                j.rpoSeconds == null ? null : Rpo.format(Duration.ofSeconds(j.rpoSeconds)), compliance);
    }
}
