package io.ironcore.sync.service;

import io.ironcore.datastore.Replication;
import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.prune.SnapshotDecision;
import io.ironcore.events.sync.SyncCompleted;
import io.ironcore.events.sync.SyncFailed;
import io.ironcore.events.sync.SyncStarted;
import io.ironcore.events.sync.SyncedSnapshot;
import io.ironcore.sync.SyncJobConfig;
import io.ironcore.sync.SyncRun;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.LockOptions;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Does the queued sync runs, one at a time per instance. A run is claimed in a transaction ({@code FOR UPDATE SKIP
 * LOCKED}, so two instances never take the same run) and kept alive by a heartbeat while it copies; a run whose
 * instance died (no heartbeat for {@code ironcore.sync.stale-after}) is taken over and done again, which copies
 * nothing twice. SyncStarted when a run is first claimed, SyncCompleted or SyncFailed at its end, through the outbox.
 */
@ApplicationScoped
public class SyncRunner {
    private static final Logger LOG = Logger.getLogger(SyncRunner.class);
    /** A pass that did nothing: the outcome of a run that failed before it copied. */
    private static final Replication.Outcome NOTHING = new Replication.Outcome(List.of(), 0, 0, 0, 0, List.of(),
            List.of());
    private final String instance = UUID.randomUUID().toString();

    @Inject
    Outbox outbox;
    @Inject
    Clock clock;
    @Inject
    Replicator replicator;
    @ConfigProperty(name = "ironcore.sync.stale-after", defaultValue = "2m")
    Duration staleAfter;

    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sync-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent e) {
        stopping = true;
        heartbeats.shutdownNow();
    }

    @Scheduled(every = "${ironcore.sync.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        String id;
        while (!stopping && (id = QuarkusTransaction.requiringNew().call(this::claim)) != null) {
            execute(id);
        }
    }

    /** Claims the oldest queued (or abandoned) run; returns its id, or null if there is none. */
    String claim() {
        Instant now = clock.instant();
        SyncRun r = SyncRun.<SyncRun>find("state = ?1 or (state = ?2 and heartbeatAt < ?3) order by queuedAt",
                        SyncRun.State.QUEUED, SyncRun.State.RUNNING, now.minus(staleAfter))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", LockOptions.SKIP_LOCKED)
                .firstResult();
        if (r == null) {
            return null;
        }
        SyncJobConfig j = SyncJobConfig.findById(r.syncJobId);
        boolean first = r.startedAt == null;
        if (r.state == SyncRun.State.RUNNING) {
            LOG.infof("sync run %s: taking over from instance %s (no heartbeat since %s)", r.id, r.owner,
                    r.heartbeatAt);
        }
        r.state = SyncRun.State.RUNNING;
        r.owner = instance;
        r.heartbeatAt = now;
        if (first) {
            r.startedAt = now;
            outbox.append(r.syncJobId, "sync-jobs/" + r.syncJobId, new SyncStarted(r.id, r.syncJobId, j.name,
                    j.project, r.id, j.sourceName, j.sourceNamespace, j.targetName, j.targetNamespace, now));
        }
        return r.id;
    }

    private void execute(String runId) {
        SyncJobConfig j = QuarkusTransaction.requiringNew().call(() -> {
            SyncRun r = SyncRun.findById(runId);
            return SyncJobConfig.<SyncJobConfig>findById(r.syncJobId);
        });
        Replication.Outcome outcome;
        // the heartbeat goes on while one large snapshot is copied, so no other instance takes the run over
        long period = Math.max(1, staleAfter.toMillis() / 4);
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(() -> heartbeat(runId), period, period,
                TimeUnit.MILLISECONDS);
        try {
            outcome = replicator.replicate(j);
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "sync run %s of %s failed", runId, j.name);
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            QuarkusTransaction.requiringNew().run(() -> failed(runId, j, NOTHING, reason));
            return;
        } finally {
            beat.cancel(false);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (outcome.failures().isEmpty()) {
                completed(runId, j, outcome);
            } else {
                int n = outcome.failures().size();
                failed(runId, j, outcome, (n == 1 ? "1 snapshot" : n + " snapshots") + " not copied: "
                        + String.join("; ", outcome.failures()));
            }
        });
    }

    /** Runs every quarter of {@code stale-after} while a run copies. */
    private void heartbeat(String runId) {
        try {
            QuarkusTransaction.requiringNew().run(() ->
                    SyncRun.update("heartbeatAt = ?1 where id = ?2", clock.instant(), runId));
        } catch (RuntimeException e) {
            LOG.warnf("sync run %s: heartbeat failed (%s); the next one tries again", runId, e.getMessage());
        }
    }

    private void completed(String runId, SyncJobConfig j, Replication.Outcome o) {
        SyncRun r = SyncRun.findById(runId);
        record(r, o);
        r.state = SyncRun.State.DONE;
        outbox.append(r.syncJobId, "sync-jobs/" + r.syncJobId, new SyncCompleted(r.id, r.syncJobId, j.name, j.project,
                j.sourceName, j.sourceNamespace, j.targetName, j.targetNamespace, copied(o), o.alreadyPresent(),
                o.chunksCopied(), o.chunksPresent(), o.bytesCopied(), o.removed().stream()
                .map(d -> new SnapshotDecision(d.snapshotId(), d.reason())).toList(), r.startedAt, r.finishedAt));
    }

    private void failed(String runId, SyncJobConfig j, Replication.Outcome o, String reason) {
        SyncRun r = SyncRun.findById(runId);
        record(r, o);
        r.state = SyncRun.State.FAILED;
        r.reason = reason;
        outbox.append(r.syncJobId, "sync-jobs/" + r.syncJobId, new SyncFailed(r.id, r.syncJobId, j.name, j.project,
                copied(o), r.finishedAt, reason));
    }

    private static List<SyncedSnapshot> copied(Replication.Outcome o) {
        return o.copied().stream().map(c -> new SyncedSnapshot(c.sourceSnapshotId(), c.snapshotId(), c.chunksCopied(),
                c.bytesCopied())).toList();
    }

    private void record(SyncRun r, Replication.Outcome o) {
        r.finishedAt = clock.instant();
        r.copied = o.copied().size();
        r.alreadyPresent = o.alreadyPresent();
        r.removed = o.removed().size();
        r.bytesCopied = o.bytesCopied();
    }
}
