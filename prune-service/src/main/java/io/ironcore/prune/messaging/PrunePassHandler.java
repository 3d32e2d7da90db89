package io.ironcore.prune.messaging;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.prune.PruneCompleted;
import io.ironcore.events.prune.PruneFailed;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.prune.JobRetention;
import io.ironcore.prune.ProtectedSnapshot;
import io.ironcore.prune.PrunePass;
import io.ironcore.prune.service.Pruner;
import io.ironcore.retention.RetentionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * After every completed backup run, a prune pass over the job's snapshots in the groups the run wrote: the job's
 * current retention decides (so removing a window deletes nothing at once; the next pass does). PruneCompleted
 * tells what was kept and removed, with the reasons.
 */
@ApplicationScoped
public class PrunePassHandler {
    static final String CONSUMER = "prune-service.runs";
    private static final Logger LOG = Logger.getLogger(PrunePassHandler.class);

    @Inject
    Inbox inbox;
    @Inject
    Outbox outbox;
    @Inject
    Pruner pruner;
    @Inject
    Clock clock;

    @Transactional
    public void handle(CloudEvent event) {
        if (!EventTypes.RUN_COMPLETED.equals(event.type())) {
            return;
        }
        RunCompleted e = EventJson.read(event.data(), RunCompleted.class);
        if (!e.backup() || e.snapshots().isEmpty() || !inbox.firstDelivery(CONSUMER, event)
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
        pass.state = PrunePass.PENDING;
        pass.persist();

        JobRetention job = JobRetention.findById(e.jobId());
        if (job == null || e.datastorePath() == null) {
            LOG.warnf("run %s: %s; nothing pruned", e.runId(), job == null ? "job unknown here"
                    : "the run does not say where its datastore is");
            return;
        }
        String pruneId = UUID.randomUUID().toString();
        RetentionPolicy policy = job.retention == null ? RetentionPolicy.none() : RetentionPolicy.parse(job.retention);
        Set<BackupGroup> groups = e.snapshots().stream().map(s -> SnapshotRef.parse(s.snapshotId()).group())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> protectedIds = ProtectedSnapshot.<ProtectedSnapshot>list("jobId", e.jobId()).stream()
                .map(p -> p.snapshotId).collect(Collectors.toSet());
        try {
            Pruner.Outcome outcome = pruner.prune(Path.of(e.datastorePath()), groups, e.jobId(), policy,
                    ZoneId.of(job.timezone), protectedIds);
            pass.state = PrunePass.DONE;
            pass.kept = outcome.kept().size();
            pass.removed = outcome.removed().size();
            pass.prunedAt = clock.instant();
            outbox.append(e.jobId(), "jobs/" + e.jobId(), new PruneCompleted(pruneId, e.jobId(), job.jobName,
                    e.runId(), e.datastore(), e.namespace(), policy.toString(), outcome.kept(), outcome.removed(),
                    pass.prunedAt));
        } catch (IOException ex) {
            pass.state = PrunePass.FAILED;
            outbox.append(e.jobId(), "jobs/" + e.jobId(), new PruneFailed(pruneId, e.jobId(), job.jobName,
                    e.runId(), e.datastore(), clock.instant(), ex.getMessage()));
        }
    }
}
