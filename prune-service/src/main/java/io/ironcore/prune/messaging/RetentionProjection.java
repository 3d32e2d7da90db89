package io.ironcore.prune.messaging;

import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.SnapshotNotFoundException;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.eventing.projection.JobProjection;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.job.JobChange;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.events.prune.SnapshotProtectionChanged;
import io.ironcore.prune.JobRetention;
import io.ironcore.prune.ProtectedSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Keeps each job's retention (in job version order), whether it is paused, and after it is deleted its last
 * retention with the orphan policy; and applies snapshot protection: recorded here for every prune
 * pass, and marked in the datastore, which then refuses to remove the snapshot.
 */
@ApplicationScoped
public class RetentionProjection {
    private static final Logger LOG = Logger.getLogger(RetentionProjection.class);
    private static final RetentionRows ROWS = new RetentionRows();

    @Inject
    Inbox inbox;
    /** The inbox's consumer name is the channel's Kafka group id. */
    @ConfigProperty(name = "mp.messaging.incoming.job-events.group.id")
    String consumer;

    @Transactional
    public void handle(CloudEvent event) {
        if (!inbox.firstDelivery(consumer, event)) {
            return;
        }
        if (EventTypes.SNAPSHOT_PROTECTION_CHANGED.equals(event.type())) {
            protection(EventJson.read(event.data(), SnapshotProtectionChanged.class));
            return;
        }
        JobChange.of(event).ifPresent(c -> JobProjection.apply(c, ROWS));
    }

    /** Each job's JobRetention row; a deleted job's row stays, with the orphan policy, for the sweep. */
    private static final class RetentionRows implements JobProjection.Rows<JobRetention> {
        @Override
        public JobRetention find(String jobId) {
            return JobRetention.findById(jobId);
        }

        @Override
        public JobRetention create(String jobId) {
            JobRetention r = new JobRetention();
            r.jobId = jobId;
            return r;
        }

        @Override
        public long version(JobRetention r) {
            return r.version;
        }

        @Override
        public boolean tombstone(JobRetention r) {
            return r.deleted();
        }

        @Override
        public void write(JobRetention r, JobChange c) {
            r.jobName = c.name();
            r.project = c.project();
            r.datastore = c.spec().datastore();
            r.namespace = c.spec().namespace() == null ? "" : c.spec().namespace();
            r.retention = c.spec().retention();
            r.timezone = c.spec().timezone() == null ? "UTC" : c.spec().timezone();
            r.enabled = c.spec().enabled();
            r.version = c.version();
            r.updatedAt = c.at();
        }

        @Override
        public void persist(JobRetention r) {
            r.persist();
        }

        @Override
        public void enabledChanged(JobRetention r, JobChange c) { // paused or resumed
            r.enabled = c.enabled();
            r.version = Math.max(r.version, c.version());
        }

        @Override
        public void deleted(JobRetention r, JobChange c) {
            if (r == null) {
                LOG.infof("job %s (%s) deleted; its retention is unknown here, so its snapshots are not pruned",
                        c.jobId(), c.name());
            } else if (!r.deleted()) {
                // the last retention stays: the sweep prunes with it if the orphan policy says prune
                r.deletedAt = c.at();
                r.orphans = c.orphans();
                LOG.infof("job %s (%s) deleted; its snapshots are %s", c.jobId(), r.jobName,
                        r.orphans == JobDeleted.Orphans.PRUNE ? "pruned by the sweep with " + r.retention
                                : "kept (orphans=keep)");
            }
        }
    }

    private void protection(SnapshotProtectionChanged e) {
        ProtectedSnapshot p = ProtectedSnapshot.findById(e.snapshotId());
        if (e.isProtected() && p == null) {
            p = new ProtectedSnapshot();
            p.snapshotId = e.snapshotId();
            p.jobId = e.jobId();
            p.changedBy = e.changedBy();
            p.changedAt = e.changedAt();
            p.persist();
        } else if (!e.isProtected() && p != null) {
            p.delete();
        }
        try (Datastore ds = Datastore.open(Path.of(e.datastore().path()), DatastoreOptions.defaults())) {
            SnapshotRef ref = SnapshotRef.parse(e.snapshotId());
            if (e.isProtected()) {
                ds.protect(ref);
            } else {
                ds.unprotect(ref);
            }
        } catch (SnapshotNotFoundException gone) {
            // pruned before the change arrived: nothing to mark
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot mark " + e.snapshotId() + " in " + e.datastore().name(), ex);
        }
    }
}
