package io.ironcore.worker.service;

import io.ironcore.datastore.GcStats;
import io.ironcore.events.EventJson;
import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.ironcore.worker.service.ClaimState.COMPLETED;
import static io.ironcore.worker.service.ClaimState.FAILED;
import static io.ironcore.worker.service.ClaimState.QUEUED;
import static io.ironcore.worker.service.ClaimState.RUNNING;

/**
 * The durable work queue in the worker database: runs (backups, verifications, GC) and restores. Every state change
 * and the event telling of it commit together (outbox, through {@link RunEvents}), so RunStarted, RunCompleted,
 * RunFailed and the restore events are published if and only if the change happened. Leases use the database's
 * clock, so workers on different hosts agree on expiry.
 */
@ApplicationScoped
public class RunQueue {
    @Inject
    EntityManager em;
    @Inject
    RunEvents events;
    @Inject
    WorkerConfig config;

    /** Records a run request; a redelivered one changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(RunRequested r) {
        insert(r.runId(), r.jobId(), r.jobName(), ClaimKind.of(r.action()), EventJson.writeString(r));
    }

    /** Records a restore request; a redelivered one changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(RestoreRequested r) {
        insert(r.restoreId(), r.jobId(), r.snapshotId(), ClaimKind.RESTORE, EventJson.writeString(r));
    }

    private void insert(String id, String jobId, String name, ClaimKind kind, String payload) {
        em.createNativeQuery("INSERT INTO run_claim (run_id, job_id, job_name, kind, request, state, not_before, "
                        + "queued_at) VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), ?6, now(), now()) "
                        + "ON CONFLICT DO NOTHING")
                .setParameter(1, id)
                .setParameter(2, jobId)
                .setParameter(3, name)
                .setParameter(4, kind.column())
                .setParameter(5, payload)
                .setParameter(6, QUEUED.name())
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
                            + "WHERE ((c.state = ?1 AND c.not_before <= now()) "
                            + "OR (c.state = ?2 AND c.lease_until < now())) "
                            + "AND (c.kind = ?3 OR (NOT EXISTS (SELECT 1 FROM run_claim o "
                            + "WHERE o.job_id = c.job_id AND o.run_id <> c.run_id AND o.kind <> ?3 "
                            + "AND o.state = ?2 AND o.lease_until >= now()) "
                            + "AND pg_try_advisory_xact_lock(hashtext('ironcore.run-job:' || c.job_id)))) "
                            + "ORDER BY c.queued_at FOR UPDATE SKIP LOCKED LIMIT 1")
                    .setParameter(1, QUEUED.name())
                    .setParameter(2, RUNNING.name())
                    .setParameter(3, ClaimKind.RESTORE.column())
                    .getResultList();
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            String id = candidates.get(0);
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("UPDATE run_claim SET state = ?1, worker_id = ?2, "
                            + "attempt = attempt + 1, started_at = now(), lease_until = now() + CAST(?3 AS interval) "
                            + "WHERE run_id = ?4 RETURNING kind, CAST(request AS text), attempt, last_error")
                    .setParameter(1, RUNNING.name())
                    .setParameter(2, workerId)
                    .setParameter(3, config.lease().toMillis() + " milliseconds")
                    .setParameter(4, id)
                    .getResultList();
            ClaimKind kind = ClaimKind.fromColumn((String) rows.get(0)[0]);
            String payload = (String) rows.get(0)[1];
            int attempt = ((Number) rows.get(0)[2]).intValue();
            Claim claim;
            try {
                claim = read(kind, payload, attempt, workerId);
            } catch (RuntimeException e) {
                unreadable(id, kind, workerId, attempt, e);
                continue; // a request no worker can read must not stop the queue
            }
            if (attempt > config.maxAttempts()) {
                String last = (String) rows.get(0)[3];
                String reason = "gave up after " + config.maxAttempts() + " attempts"
                        + (last == null ? ": the worker running it stopped answering" : ": " + last);
                Claim lastAttempt = claim.withAttempt(attempt - 1);
                if (finish(lastAttempt, attempt, FAILED, reason)) {
                    events.failed(lastAttempt, reason);
                }
                continue;
            }
            if (claim instanceof RunClaim run) {
                events.started(run);
            }
            return Optional.of(claim);
        }
    }

    private static Claim read(ClaimKind kind, String payload, int attempt, String workerId) {
        return kind == ClaimKind.RESTORE
                ? new RestoreClaim(EventJson.read(payload, RestoreRequested.class), attempt, workerId)
                : new RunClaim(EventJson.read(payload, RunRequested.class), attempt, workerId);
    }

    /** Fails a queued request that cannot be read (any more): for good, with the events its columns allow. */
    private void unreadable(String id, ClaimKind kind, String workerId, int attempt, RuntimeException e) {
        String reason = "the recorded request cannot be read: " + e.getMessage();
        em.createNativeQuery("UPDATE run_claim SET state = ?1, finished_at = now(), lease_until = NULL, "
                        + "last_error = ?2 WHERE run_id = ?3")
                .setParameter(1, FAILED.name()).setParameter(2, reason).setParameter(3, id).executeUpdate();
        Object[] row = (Object[]) em.createNativeQuery("SELECT job_id, job_name FROM run_claim WHERE run_id = ?1")
                .setParameter(1, id).getSingleResult();
        events.unreadable(kind, id, (String) row[0], (String) row[1], workerId, attempt, reason);
    }

    /** Renews the lease; false when the work is no longer this worker's (it lost the lease). */
    @Transactional
    public boolean renew(Claim claim) {
        return em.createNativeQuery("UPDATE run_claim SET lease_until = now() + CAST(?1 AS interval) "
                        + "WHERE run_id = ?2 AND worker_id = ?3 AND attempt = ?4 AND state = ?5")
                .setParameter(1, config.lease().toMillis() + " milliseconds")
                .setParameter(2, claim.id())
                .setParameter(3, claim.workerId())
                .setParameter(4, claim.attempt())
                .setParameter(5, RUNNING.name())
                .executeUpdate() == 1;
    }

    /** Tells how far a run is, if it is still this worker's. */
    @Transactional
    public void progress(RunClaim claim, long done, long total, long bytesPerSecond) {
        if (owned(claim)) {
            events.progress(claim, done, total, bytesPerSecond);
        }
    }

    @Transactional
    public boolean complete(RunClaim claim, Instant startedAt, RunStats stats, List<SnapshotCreated> snapshots) {
        if (!finish(claim, claim.attempt(), COMPLETED, null)) {
            return false;
        }
        events.completed(claim, startedAt, stats, snapshots);
        return true;
    }

    /** A GC run's end: the run completed, and what it freed. */
    @Transactional
    public boolean collected(RunClaim claim, Instant startedAt, GcStats gc) {
        RunStats stats = new RunStats(0, 0, 0, gc.chunksScanned(), 0, gc.chunksMarked(), 0);
        if (!complete(claim, startedAt, stats, List.of())) {
            return false;
        }
        events.collected(claim, gc);
        return true;
    }

    @Transactional
    public boolean restored(RestoreClaim claim, Instant startedAt, String path, long bytes) {
        if (!finish(claim, claim.attempt(), COMPLETED, null)) {
            return false;
        }
        events.restored(claim, startedAt, path, bytes);
        return true;
    }

    /** A failed attempt: queued again after the retry delay while attempts remain, else failed for good. */
    @Transactional
    public void fail(Claim claim, String reason, boolean retryable) {
        if (retryable && claim.attempt() < config.maxAttempts()) {
            em.createNativeQuery("UPDATE run_claim SET state = ?1, worker_id = NULL, lease_until = NULL, "
                            + "last_error = ?2, not_before = now() + CAST(?3 AS interval) "
                            + "WHERE run_id = ?4 AND worker_id = ?5 AND attempt = ?6 AND state = ?7")
                    .setParameter(1, QUEUED.name())
                    .setParameter(2, reason)
                    .setParameter(3, config.retryDelay().toMillis() + " milliseconds")
                    .setParameter(4, claim.id())
                    .setParameter(5, claim.workerId())
                    .setParameter(6, claim.attempt())
                    .setParameter(7, RUNNING.name())
                    .executeUpdate();
            return;
        }
        if (finish(claim, claim.attempt(), FAILED, reason)) {
            events.failed(claim, reason);
        }
    }

    private boolean owned(Claim claim) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM run_claim WHERE run_id = ?1 AND worker_id = ?2 "
                        + "AND attempt = ?3 AND state = ?4")
                .setParameter(1, claim.id()).setParameter(2, claim.workerId()).setParameter(3, claim.attempt())
                .setParameter(4, RUNNING.name())
                .getSingleResult()).longValue() == 1;
    }

    private boolean finish(Claim claim, int attempt, ClaimState state, String error) {
        return em.createNativeQuery("UPDATE run_claim SET state = ?1, finished_at = now(), lease_until = NULL, "
                        + "last_error = COALESCE(CAST(?2 AS text), last_error) "
                        + "WHERE run_id = ?3 AND worker_id = ?4 AND attempt = ?5")
                .setParameter(1, state.name())
                .setParameter(2, error)
                .setParameter(3, claim.id())
                .setParameter(4, claim.workerId())
                .setParameter(5, attempt)
                .executeUpdate() == 1;
    }
}
