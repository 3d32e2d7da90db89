package io.ironcore.prune.service;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.prune.PruneCompleted;
import io.ironcore.events.prune.PruneFailed;
import io.ironcore.prune.JobRetention;
import io.ironcore.prune.ProtectedSnapshot;
import io.ironcore.retention.RetentionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A prune pass of one job over some of its backup groups in one datastore, with the job's retention (the current one,
 * or the last one of a deleted job) in its time zone, protected snapshots kept; and the events that tell of it. The
 * pass after a completed run ({@code PrunePassHandler}) and the sweep ({@code OrphanSweep}) both run it.
 */
@ApplicationScoped
public class JobPasses {
    @Inject
    Pruner pruner;
    @Inject
    Outbox outbox;

    public static RetentionPolicy policy(JobRetention job) {
        return job.retention == null ? RetentionPolicy.none() : RetentionPolicy.parse(job.retention);
    }

    public Pruner.Outcome prune(JobRetention job, Path datastorePath, Collection<BackupGroup> groups)
            throws IOException {
        Set<String> protectedIds = ProtectedSnapshot.<ProtectedSnapshot>list("jobId", job.jobId).stream()
                .map(p -> p.snapshotId).collect(Collectors.toSet());
        return pruner.prune(datastorePath, groups, job.jobId, policy(job), ZoneId.of(job.timezone), protectedIds);
    }

    /** PruneCompleted into the outbox, in the caller's transaction; {@code runId} is null for a sweep. */
    @Transactional(Transactional.TxType.MANDATORY)
    public PruneCompleted completed(JobRetention job, String runId, String datastore, String namespace,
                                    Pruner.Outcome outcome, Instant at) {
        PruneCompleted e = new PruneCompleted(UUID.randomUUID().toString(), job.jobId, job.jobName, runId, datastore,
                namespace, policy(job).toString(), outcome.kept(), outcome.removed(), at);
        outbox.append(job.jobId, "jobs/" + job.jobId, e);
        return e;
    }

    /** PruneFailed into the outbox, in the caller's transaction; {@code runId} is null for a sweep. */
    @Transactional(Transactional.TxType.MANDATORY)
    public PruneFailed failed(JobRetention job, String runId, String datastore, String reason, Instant at) {
        PruneFailed e = new PruneFailed(UUID.randomUUID().toString(), job.jobId, job.jobName, runId, datastore, at,
                reason == null ? "unknown error" : reason);
        outbox.append(job.jobId, "jobs/" + job.jobId, e);
        return e;
    }
}
