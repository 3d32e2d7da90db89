package io.ironcore.jobs.service;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.DiskImage;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.jobs.Datastore;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Run;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Requests runs. The request carries everything a worker needs, resolved now. */
@ApplicationScoped
public class RunService {
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;
    @Inject
    JobService jobs;

    @Transactional
    public Run runNow(String project, String jobName) {
        Job job = jobs.require(project, jobName);
        return request(job, RunRequested.TRIGGER_MANUAL, null);
    }

    Run request(Job job, String trigger, String tickId) {
        Datastore ds = Datastore.findById(job.datastore);
        if (ds == null) {
            throw ApiException.conflict("datastore", "datastore " + job.datastore + " no longer exists");
        }
        List<RunSource> sources = new ArrayList<>();
        for (String id : job.sourceIds) {
            Workload w = Workload.findById(id);
            if (w == null) {
                throw ApiException.conflict("sourceIds", "workload " + id + " no longer exists");
            }
            sources.add(new RunSource(w.id, w.name, w.disks.stream().map(d -> new DiskImage(d.name(), d.path()))
                    .toList()));
        }
        Instant now = clock.instant();
        Run run = new Run();
        run.id = UUID.randomUUID();
        run.jobId = job.id;
        run.jobName = job.name;
        run.trigger = trigger;
        run.tickId = tickId;
        run.state = Run.State.Queued;
        run.requestedAt = now;
        run.persist();
        outbox.append(job.id.toString(), "runs/" + run.id, new RunRequested(run.id.toString(), job.id.toString(),
                job.name, job.project, trigger, tickId, now, job.mode, new DatastoreRef(ds.name, ds.path),
                job.namespace, sources));
        return run;
    }

    public List<Run> history(String project, String jobName) {
        return Run.ofJob(jobs.require(project, jobName).id);
    }

    public Run require(String project, String jobName, UUID runId) {
        Job job = jobs.require(project, jobName);
        Run run = Run.findById(runId);
        if (run == null || !run.jobId.equals(job.id)) {
            throw ApiException.notFound("run " + runId);
        }
        return run;
    }
}
