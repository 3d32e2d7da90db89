package io.ironcore.worker.service;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.EventJson;
import io.ironcore.events.restore.RestoreCompleted;
import io.ironcore.events.restore.RestoreFailed;
import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
import io.ironcore.events.run.RunProgress;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunStarted;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable work queue in the worker database: runs (backups, verifications) and restores. Every state change and
 * the event telling of it commit together (outbox), so RunStarted, RunCompleted, RunFailed and the restore events
 * are published if and only if the change happened. Leases use the database's clock, so workers on different hosts
 * agree on expiry.
 */
@ApplicationScoped
public class RunQueue {
    @Inject
    EntityManager em;
    @Inject
    Outbox outbox;
    @Inject
    WorkerConfig config;
    @Inject
    Clock clock;

    /** Records a run request; a redelivered one changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(RunRequested r) {
        String kind = r.action().wire();
        insert(r.runId(), r.jobId(), r.jobName(), kind, EventJson.writeString(r));
    }

    /** Records a restore request; a redelivered one changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(RestoreRequested r) {
        insert(r.restoreId(), r.jobId(), r.snapshotId(), Claim.RESTORE, EventJson.writeString(r));
    }

    private void insert(String id, String jobId, String name, String kind, String payload) {
        em.createNativeQuery("INSERT INTO run_claim (run_id, job_id, job_name, kind, request, state, not_before, "
                        + "queued_at) VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), 'QUEUED', now(), now()) "
                        + "ON CONFLICT DO NOTHING")
                .setParameter(1, id)
                .setParameter(2, jobId)
                .setParameter(3, name)
                .setParameter(4, kind)
                .setParameter(5, payload)
                .executeUpdate();
    }

    /**
     * Claims the oldest runnable work: queued and due, or running with an expired lease (its worker died). A job
     * never runs two backups or verifications at once (the per-job advisory lock closes the race between two workers
     * claiming two runs of one job); restores run beside them. Work past its last attempt is failed instead, and the
     * next one is looked at.
     */
    @Transactional
    public Optional<Claim> claimNext(String workerId) {
        while (true) {
            @SuppressWarnings("unchecked")
            List<String> candidates = em.createNativeQuery("SELECT c.run_id FROM run_claim c "
                            + "WHERE ((c.state = 'QUEUED' AND c.not_before <= now()) "
                            + "OR (c.state = 'RUNNING' AND c.lease_until < now())) "
                            + "AND (c.kind = 'restore' OR (NOT EXISTS (SELECT 1 FROM run_claim o "
                            + "WHERE o.job_id = c.job_id AND o.run_id <> c.run_id AND o.kind <> 'restore' "
                            + "AND o.state = 'RUNNING' AND o.lease_until >= now()) "
                            + "AND pg_try_advisory_xact_lock(hashtext('ironcore.run-job:' || c.job_id)))) "
                            + "ORDER BY c.queued_at FOR UPDATE SKIP LOCKED LIMIT 1")
                    .getResultList();
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("UPDATE run_claim SET state = 'RUNNING', worker_id = ?1, "
                            + "attempt = attempt + 1, started_at = now(), lease_until = now() + CAST(?2 AS interval) "
                            + "WHERE run_id = ?3 RETURNING kind, CAST(request AS text), attempt, last_error")
                    .setParameter(1, workerId)
                    .setParameter(2, config.lease().toMillis() + " milliseconds")
                    .setParameter(3, candidates.get(0))
                    .getResultList();
            String kind = (String) rows.get(0)[0];
            String payload = (String) rows.get(0)[1];
            int attempt = ((Number) rows.get(0)[2]).intValue();
            Claim claim;
            try {
                claim = Claim.RESTORE.equals(kind)
                        ? new Claim(kind, null, EventJson.read(payload, RestoreRequested.class), attempt, workerId)
                        : new Claim(kind, EventJson.read(payload, RunRequested.class), null, attempt, workerId);
            } catch (RuntimeException e) {
                unreadable(candidates.get(0), kind, workerId, attempt, e);
                continue; // a request no worker can read must not stop the queue
            }
            if (attempt > config.maxAttempts()) {
                String last = (String) rows.get(0)[3];
                String reason = "gave up after " + config.maxAttempts() + " attempts"
                        + (last == null ? ": the worker running it stopped answering" : ": " + last);
                claim = new Claim(kind, claim.run(), claim.restore(), attempt - 1, workerId);
                if (finish(claim, attempt, "FAILED", reason)) {
                    failedEvent(claim, reason);
                }
                continue;
            }
            if (claim.run() != null) {
                RunRequested r = claim.run();
                outbox.append(r.jobId(), "runs/" + r.runId(), new RunStarted(r.runId(), r.jobId(), r.jobName(),
                        workerId, attempt, clock.instant()));
            }
            return Optional.of(claim);
        }
    }

    /** Fails a queued request that cannot be read (any more): for good, with the events its columns allow. */
    private void unreadable(String id, String kind, String workerId, int attempt, RuntimeException e) {
        String reason = "the recorded request cannot be read: " + e.getMessage();
        em.createNativeQuery("UPDATE run_claim SET state = 'FAILED', finished_at = now(), lease_until = NULL, "
                        + "last_error = ?1 WHERE run_id = ?2")
                .setParameter(1, reason).setParameter(2, id).executeUpdate();
        Object[] row = (Object[]) em.createNativeQuery("SELECT job_id, job_name FROM run_claim WHERE run_id = ?1")
                .setParameter(1, id).getSingleResult();
        String jobId = (String) row[0];
        if (Claim.RESTORE.equals(kind)) {
            outbox.append(jobId, "restores/" + id, new RestoreFailed(id, jobId, (String) row[1], workerId,
                    clock.instant(), reason));
        } else {
            outbox.append(jobId, "runs/" + id, new RunFailed(id, jobId, (String) row[1], workerId, attempt,
                    clock.instant(), reason));
        }
    }

    /** Renews the lease; false when the work is no longer this worker's (it lost the lease). */
    @Transactional
    public boolean renew(Claim claim) {
        return em.createNativeQuery("UPDATE run_claim SET lease_until = now() + CAST(?1 AS interval) "
                        + "WHERE run_id = ?2 AND worker_id = ?3 AND attempt = ?4 AND state = 'RUNNING'")
                .setParameter(1, config.lease().toMillis() + " milliseconds")
                .setParameter(2, claim.id())
                .setParameter(3, claim.workerId())
                .setParameter(4, claim.attempt())
                .executeUpdate() == 1;
    }

    /** Tells how far a run is, if it is still this worker's. */
    @Transactional
    public void progress(Claim claim, long done, long total, long bytesPerSecond) {
        if (claim.run() == null || !owned(claim)) {
            return;
        }
        RunRequested r = claim.run();
        outbox.append(r.jobId(), "runs/" + r.runId(), new RunProgress(r.runId(), r.jobId(), r.jobName(),
                claim.workerId(), done, total, bytesPerSecond, clock.instant()));
    }

    @Transactional
    public boolean complete(Claim claim, Instant startedAt, RunStats stats, List<SnapshotCreated> snapshots) {
        if (!finish(claim, claim.attempt(), "COMPLETED", null)) {
            return false;
        }
        RunRequested r = claim.run();
        outbox.append(r.jobId(), "runs/" + r.runId(), new RunCompleted(r.runId(), r.jobId(), r.jobName(),
                claim.workerId(), r.mode(), r.datastore().name(), r.namespace(), startedAt, clock.instant(), stats,
                snapshots, r.datastore().path(), r.action()));
        return true;
    }

    /** A GC run's end: the run completed, and what it freed. */
    @Transactional
    public boolean collected(Claim claim, Instant startedAt, io.ironcore.datastore.GcStats gc) {
        RunStats stats = new RunStats(0, 0, 0, gc.chunksScanned(), 0, gc.chunksMarked(), 0);
        if (!complete(claim, startedAt, stats, List.of())) {
            return false;
        }
        RunRequested r = claim.run();
        outbox.append(r.jobId(), "gc/" + r.runId(), new io.ironcore.events.prune.GcCompleted(r.runId(), r.jobId(),
                r.datastore().name(), gc.chunksScanned(), gc.chunksRemoved(), gc.bytesFreed(),
                gc.chunksPendingGrace(), gc.cutoff(), clock.instant()));
        return true;
    }

    @Transactional
    public boolean restored(Claim claim, Instant startedAt, String path, long bytes) {
        if (!finish(claim, claim.attempt(), "COMPLETED", null)) {
            return false;
        }
        RestoreRequested r = claim.restore();
        outbox.append(r.jobId(), "restores/" + r.restoreId(), new RestoreCompleted(r.restoreId(), r.jobId(),
                r.snapshotId(), r.image(), claim.workerId(), path, bytes, startedAt, clock.instant()));
        return true;
    }

    /** A failed attempt: queued again after the retry delay while attempts remain, else failed for good. */
    @Transactional
    public void fail(Claim claim, String reason, boolean retryable) {
        if (retryable && claim.attempt() < config.maxAttempts()) {
            em.createNativeQuery("UPDATE run_claim SET state = 'QUEUED', worker_id = NULL, lease_until = NULL, "
                            + "last_error = ?1, not_before = now() + CAST(?2 AS interval) "
                            + "WHERE run_id = ?3 AND worker_id = ?4 AND attempt = ?5 AND state = 'RUNNING'")
                    .setParameter(1, reason)
                    .setParameter(2, config.retryDelay().toMillis() + " milliseconds")
                    .setParameter(3, claim.id())
                    .setParameter(4, claim.workerId())
                    .setParameter(5, claim.attempt())
                    .executeUpdate();
            return;
        }
        if (finish(claim, claim.attempt(), "FAILED", reason)) {
            failedEvent(claim, reason);
        }
    }

    private void failedEvent(Claim claim, String reason) {
        if (claim.run() != null) {
            RunRequested r = claim.run();
            outbox.append(r.jobId(), "runs/" + r.runId(), new RunFailed(r.runId(), r.jobId(), r.jobName(),
                    claim.workerId(), claim.attempt(), clock.instant(), reason));
        } else {
            RestoreRequested r = claim.restore();
            outbox.append(r.jobId(), "restores/" + r.restoreId(), new RestoreFailed(r.restoreId(), r.jobId(),
                    r.snapshotId(), claim.workerId(), clock.instant(), reason));
        }
    }

    private boolean owned(Claim claim) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM run_claim WHERE run_id = ?1 AND worker_id = ?2 "
                        + "AND attempt = ?3 AND state = 'RUNNING'")
                .setParameter(1, claim.id()).setParameter(2, claim.workerId()).setParameter(3, claim.attempt())
                .getSingleResult()).longValue() == 1;
    }

    private boolean finish(Claim claim, int attempt, String state, String error) {
        return em.createNativeQuery("UPDATE run_claim SET state = ?1, finished_at = now(), lease_until = NULL, "
                        + "last_error = COALESCE(CAST(?2 AS text), last_error) "
                        + "WHERE run_id = ?3 AND worker_id = ?4 AND attempt = ?5")
                .setParameter(1, state)
                .setParameter(2, error)
                .setParameter(3, claim.id())
                .setParameter(4, claim.workerId())
                .setParameter(5, attempt)
                .executeUpdate() == 1;
    }
}
