package io.ironcore.jobs.service;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.EventJson;
import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.jobs.DatastoreEntry;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Restore;
import io.ironcore.jobs.Run;
import io.ironcore.jobs.Snapshot;
import io.ironcore.jobs.SnapshotCopy;
import io.ironcore.jobs.service.errors.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Restores: a snapshot made by a job of the caller's project is restored by a worker to a path below its restore
 * directory. The snapshot is found in the snapshot catalog, which keeps its project after its job is deleted (else
 * in the run history, for runs recorded before the catalog), a copy in the catalog of copies (the sync events name
 * every copy). The target is a relative path, checked here as well as by the API and by the worker.
 */
@ApplicationScoped
public class RestoreService {
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;

    /**
     * Queues a restore of a snapshot a job of the project made, from the datastore the job wrote it to, or (with
     * {@code datastore}) of the copy a sync job of the project made in that datastore.
     */
    @Transactional
    public Restore request(String project, String snapshotId, String datastore, String image, String target,
                           String user) {
        String bad = SourcePaths.relativeError(target);
        if (bad != null || target.length() > 512) {
            throw DomainException.invalid("target", bad != null ? bad : "must be at most 512 characters");
        }
        UUID jobId;
        String dsName;
        Snapshot made = Snapshot.findById(snapshotId);
        boolean catalogued = made != null && project.equals(made.project);
        Run run = catalogued ? null : producer(project, snapshotId);
        String written = run == null ? null : run.datastore != null ? run.datastore : jobDatastore(run.jobId);
        if (catalogued && made.removedAt == null && (datastore == null || datastore.equals(made.datastore))) {
            jobId = made.jobId;
            dsName = made.datastore;
        } else if (written != null && (datastore == null || datastore.equals(written))) {
            jobId = run.jobId;
            dsName = written;
        } else {
            SnapshotCopy copy = datastore == null ? null : SnapshotCopy.live(project, datastore, snapshotId);
            if (copy == null) {
                throw DomainException.notFound("snapshot " + snapshotId + (datastore == null ? ""
                        : " in datastore " + datastore));
            }
            jobId = copy.syncJobId;
            dsName = copy.datastore;
        }
        DatastoreEntry ds = DatastoreEntry.findById(dsName);
        if (ds == null) {
            throw DomainException.conflict("snapshotId", "datastore " + dsName + " no longer exists");
        }
        Restore r = new Restore();
        r.id = UUID.randomUUID();
        r.project = project;
        r.jobId = jobId;
        r.datastore = ds.name;
        r.snapshotId = snapshotId;
        r.image = image;
        r.target = target;
        r.state = Restore.State.Queued;
        r.requestedBy = user;
        r.requestedAt = clock.instant();
        r.persist();
        outbox.append(jobId.toString(), "restores/" + r.id, new RestoreRequested(r.id.toString(),
                jobId.toString(), project, new DatastoreRef(ds.name, ds.path), snapshotId, image, target, user,
                r.requestedAt));
        return r;
    }

    public Restore require(String project, UUID id) {
        Restore r = Restore.findById(id);
        if (r == null || !r.project.equals(project)) {
            throw DomainException.notFound("restore " + id);
        }
        return r;
    }

    /**
     * The completed run of the project that made the snapshot, else null: for snapshots the catalog does not hold
     * (runs recorded before it). The run keeps its project when its job is deleted.
     */
    private Run producer(String project, String snapshotId) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("SELECT r.id FROM run r WHERE r.project = ?1 "
                        + "AND r.state = 'Completed' AND r.snapshots @> CAST(?2 AS jsonb) LIMIT 1")
                .setParameter(1, project)
                .setParameter(2, "[{\"snapshotId\":" + EventJson.writeString(snapshotId) + "}]")
                .getResultList();
        return ids.isEmpty() ? null : Run.findById(ids.get(0));
    }

    private static String jobDatastore(UUID jobId) {
        Job job = Job.findById(jobId);
        return job == null ? null : job.datastore;
    }
}
