package io.ironcore.jobs.service;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.run.DiskImage;
import io.ironcore.events.run.RunAction;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.jobs.DatastoreEntry;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Run;
import io.ironcore.jobs.RunNotification;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.service.errors.DomainException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Requests runs. The request carries everything a worker needs, resolved now. */
@ApplicationScoped
public class RunService {
    /** A run request's answer: the run, and whether an earlier request with the same Idempotency-Key made it. */
    public record Requested(Run run, boolean replayed) {
    }

    @Inject
    Outbox outbox;
    @Inject
    Clock clock;
    @Inject
    JobService jobs;

    /**
     * Runs the job now. The schedule is not touched. With an Idempotency-Key, a repeated request answers the run
     * the first one made and requests nothing new, also when the two came at once: the run table holds one run per
     * job and key (index run_idempotency), so the one that loses the race replays the winner's run. Not in the
     * caller's transaction: it has its own, so that the loser can still look the winner's run up.
     */
    public Requested runNow(String project, String jobName, String user, String idempotencyKey) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> runNowOnce(project, jobName, user, idempotencyKey));
        } catch (PersistenceException e) {
            if (idempotencyKey == null) {
                throw e;
            }
            Optional<Run> winner = QuarkusTransaction.requiringNew()
                    .call(() -> byKey(jobs.require(project, jobName).id, idempotencyKey));
            return new Requested(winner.orElseThrow(() -> e), true);
        }
    }

    private Requested runNowOnce(String project, String jobName, String user, String idempotencyKey) {
        Job job = jobs.require(project, jobName);
        if (idempotencyKey != null) {
            Optional<Run> earlier = byKey(job.id, idempotencyKey);
            if (earlier.isPresent()) {
                return new Requested(earlier.get(), true);
            }
        }
        return new Requested(request(job, RunRequested.Trigger.MANUAL, null, idempotencyKey, user), false);
    }

    /** A run for a schedule tick (the caller deduplicates on the tick id). */
    public Run scheduled(Job job, String tickId) {
        return request(job, RunRequested.Trigger.SCHEDULE, tickId, null, null);
    }

    public Optional<Run> byKey(UUID jobId, String idempotencyKey) {
        return Run.find("jobId = ?1 and idempotencyKey = ?2", jobId, idempotencyKey).firstResultOptional();
    }

    Run request(Job job, RunRequested.Trigger trigger, String tickId, String idempotencyKey, String requestedBy) {
        DatastoreEntry ds = DatastoreEntry.findById(job.datastore);
        if (ds == null) {
            throw DomainException.conflict("datastore", "datastore " + job.datastore + " no longer exists");
        }
        List<Workload> workloads = SourceResolver.forRun(job);
        boolean backup = RunAction.orBackup(job.action) == RunAction.BACKUP;
        if (workloads.isEmpty() && backup) {
            throw DomainException.conflict("sourceIds", "the job's sources select no workload right now");
        }
        List<RunSource> sources = workloads.stream().map(w -> new RunSource(w.id, w.name,
                w.disks.stream().map(d -> new DiskImage(d.name(), d.path())).toList())).toList();
        Instant now = clock.instant();
        Run run = new Run();
        run.id = UUID.randomUUID();
        run.jobId = job.id;
        run.jobName = job.name;
        run.trigger = trigger;
        run.tickId = tickId;
        run.state = Run.State.Queued;
        run.requestedAt = now;
        run.idempotencyKey = idempotencyKey;
        run.action = job.action;
        run.datastore = ds.name;
        run.requestedBy = requestedBy;
        run.persistAndFlush(); // a second run under the same Idempotency-Key fails here, as a PersistenceException
        job.lastRunRequested(run);
        outbox.append(job.id.toString(), "runs/" + run.id, new RunRequested(run.id.toString(), job.id.toString(),
                job.name, job.project, trigger, tickId, now, job.mode, new DatastoreRef(ds.name, ds.path),
                job.namespace, sources, job.action));
        return run;
    }

    /** Runs of a job, newest first, after the run named by the cursor. */
    public List<Run> history(String project, String jobName, int limit, UUID after) {
        Job job = jobs.require(project, jobName);
        if (after == null) {
            return Run.find("jobId = ?1 order by requestedAt desc, id desc", job.id).range(0, limit - 1).list();
        }
        Run last = Run.findById(after);
        if (last == null || !last.jobId.equals(job.id)) {
            throw DomainException.invalid("cursor", "not a cursor this API handed out");
        }
        return Run.find("jobId = ?1 and (requestedAt < ?2 or (requestedAt = ?2 and id < ?3)) "
                + "order by requestedAt desc, id desc", job.id, last.requestedAt, last.id).range(0, limit - 1).list();
    }

    /** What notification-service reported of the run's notifications, oldest first. */
    public List<RunNotification> notifications(UUID runId) {
        return RunNotification.ofRun(runId.toString());
    }

    public Run require(String project, String jobName, UUID runId) {
        Job job = jobs.require(project, jobName);
        Run run = Run.findById(runId);
        if (run == null || !run.jobId.equals(job.id)) {
            throw DomainException.notFound("run " + runId);
        }
        return run;
    }
}
