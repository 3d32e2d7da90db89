package io.ironcore.jobs.service;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.prune.SnapshotProtectionChanged;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.jobs.DatastoreEntry;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Snapshot;
import io.ironcore.jobs.service.errors.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;

/** The snapshots of a project's jobs (they outlive their job); protection. */
@ApplicationScoped
public class SnapshotService {
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;

    /** The snapshots a job made that still exist, newest first. */
    public List<Snapshot> of(Job job) {
        return Snapshot.list("jobId = ?1 and removedAt is null order by createdAt desc", job.id);
    }

    /** The project's snapshots that still exist, newest first, also those of deleted jobs. */
    public List<Snapshot> ofProject(String project) {
        return Snapshot.ofProject(project);
    }

    /**
     * Protects or unprotects a snapshot of the project (also of a deleted job): prune-service keeps it, the
     * datastore refuses to remove it.
     */
    @Transactional
    public Snapshot protect(String project, String snapshotId, boolean protect, String user) {
        Snapshot s = Snapshot.live(project, snapshotId);
        if (s == null) {
            throw DomainException.notFound("snapshot " + snapshotId);
        }
        if (s.isProtected == protect) {
            return s;
        }
        DatastoreEntry ds = DatastoreEntry.findById(s.datastore);
        if (ds == null) {
            throw DomainException.conflict("snapshotId", "datastore " + s.datastore + " no longer exists");
        }
        s.isProtected = protect;
        outbox.append(s.jobId.toString(), "snapshots/" + snapshotId, new SnapshotProtectionChanged(snapshotId,
                s.jobId.toString(), new DatastoreRef(ds.name, ds.path), protect, user, clock.instant()));
        return s;
    }
}
