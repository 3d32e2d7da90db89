package io.ironcore.prune.messaging;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.prune.JobGroups;
import io.ironcore.prune.JobRetention;
import io.ironcore.prune.PrunePass;
import io.ironcore.prune.service.JobPasses;
import io.ironcore.prune.service.Pruner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * After every completed backup run, a prune pass over the job's snapshots in the groups the run wrote: the job's
 * current retention decides (so removing a window deletes nothing at once; the next pass does). PruneCompleted
 * tells what was kept and removed, with the reasons. Every group a run wrote to is recorded ({@link JobGroups}), so
 * that the sweep can prune the job after it stops running (paused, or deleted with {@code orphans=prune}). A run of a
 * job deleted with {@code orphans=keep} (one that was running when the job was deleted) is not pruned.
 */
@ApplicationScoped
public class PrunePassHandler {
    /** The inbox's consumer name is the channel's Kafka group id. */
    @ConfigProperty(name = "mp.messaging.incoming.run-events.group.id")
    String consumer;
    private static final Logger LOG = Logger.getLogger(PrunePassHandler.class);

    @Inject
    Inbox inbox;
    @Inject
    JobPasses passes;
    @Inject
    JobGroups locations;
    @Inject
    Clock clock;

    @Transactional
    public void handle(CloudEvent event) {
        if (!EventTypes.RUN_COMPLETED.equals(event.type())) {
            return;
        }
        RunCompleted e = EventJson.read(event.data(), RunCompleted.class);
        if (!e.backup() || e.snapshots().isEmpty() || !inbox.firstDelivery(consumer, event)
                || PrunePass.findById(e.runId()) != null) {
            return;
        }
        PrunePass pass = new PrunePass();
        pass.runId = e.runId();
        pass.jobId = e.jobId();
        pass.datastore = e.datastore() == null ? "" : e.datastore();
        pass.namespace = e.namespace() == null ? "" : e.namespace();
        pass.snapshots = e.snapshots().stream().map(SnapshotCreated::snapshotId).toList();
        pass.completedAt = e.completedAt();
        pass.state = PrunePass.State.PENDING;
        pass.persist();

        Set<BackupGroup> groups = e.snapshots().stream().map(s -> SnapshotRef.parse(s.snapshotId()).group())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (e.datastorePath() != null) { // where the sweep finds the job's snapshots later
            groups.forEach(g -> locations.record(e.jobId(), pass.datastore, e.datastorePath(), pass.namespace, g,
                    e.completedAt()));
        }
        JobRetention job = JobRetention.findById(e.jobId());
        if (job == null || e.datastorePath() == null) {
            LOG.warnf("run %s: %s; nothing pruned", e.runId(), job == null ? "job unknown here"
                    : "the run does not say where its datastore is");
            return;
        }
        if (job.deleted() && job.orphans != JobDeleted.Orphans.PRUNE) {
            LOG.infof("run %s of job %s, deleted with orphans=keep: nothing pruned", e.runId(), job.jobName);
            return;
        }
        try {
            Pruner.Outcome outcome = passes.prune(job, Path.of(e.datastorePath()), groups);
            pass.state = PrunePass.State.DONE;
            pass.kept = outcome.kept().size();
            pass.removed = outcome.removed().size();
            pass.prunedAt = clock.instant();
            passes.completed(job, e.runId(), e.datastore(), e.namespace(), outcome, pass.prunedAt);
        } catch (IOException ex) {
            pass.state = PrunePass.State.FAILED;
            passes.failed(job, e.runId(), e.datastore(), ex.getMessage(), clock.instant());
        }
    }
}
