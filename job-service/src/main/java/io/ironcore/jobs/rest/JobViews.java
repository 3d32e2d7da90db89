package io.ironcore.jobs.rest;

import io.ironcore.jobs.Job;
import io.ironcore.jobs.Run;
import jakarta.enterprise.context.ApplicationScoped;

/** Builds the API view of a job: its lifecycle state and the outcome of its last run. */
@ApplicationScoped
public class JobViews {

    public JobView of(Job j) {
        Run last = Run.find("jobId = ?1 order by requestedAt desc", j.id).firstResult();
        String state;
        if (!j.enabled) {
            state = "Disabled";
        } else if (last != null && !last.state.terminal()) {
            state = "Running";
        } else {
            state = "Scheduled";
        }
        return new JobView(j.id.toString(), j.name, j.project, j.description, j.type, j.sourceIds, j.datastore,
                j.namespace, j.mode, j.schedule, j.timezone, j.retention, j.notificationMode, j.notificationGroup,
                j.enabled, state, last == null ? null : RunView.of(last), null, j.version, j.createdAt,
                j.updatedAt);
    }
}
