package io.ironcore.worker.service;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.EventJson;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.RunFailed;
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
 * The durable run queue in the worker database. Every state change and the event telling of it commit together
 * (outbox), so RunStarted, RunCompleted and RunFailed are published if and only if the change happened. Leases
 * use the database's clock, so workers on different hosts agree on expiry.
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

    /** Records a request; a redelivered one changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(RunRequested r) {
        em.createNativeQuery("INSERT INTO run_claim (run_id, job_id, job_name, request, state, not_before, queued_at)"
                        + " VALUES (?1, ?2, ?3, CAST(?4 AS jsonb), 'QUEUED', now(), now()) ON CONFLICT DO NOTHING")
                .setParameter(1, r.runId())
                .setParameter(2, r.jobId())
                .setParameter(3, r.jobName())
                .setParameter(4, EventJson.writeString(r))
                .executeUpdate();
    }

    /**
     * Claims the oldest runnable run: queued and due, or running with an expired lease (its worker died), whose job
     * has no other run going (a job never runs twice at once: the per-job advisory lock closes the race between two
     * workers claiming two runs of one job). A run past its last attempt is failed instead, and the next one is
     * looked at.
     */
    @Transactional
    public Optional<Claim> claimNext(String workerId) {
        while (true) {
            @SuppressWarnings("unchecked")
            List<String> candidates = em.createNativeQuery("SELECT c.run_id FROM run_claim c "
                            + "WHERE ((c.state = 'QUEUED' AND c.not_before <= now()) "
                            + "OR (c.state = 'RUNNING' AND c.lease_until < now())) "
                            + "AND NOT EXISTS (SELECT 1 FROM run_claim o WHERE o.job_id = c.job_id "
                            + "AND o.run_id <> c.run_id AND o.state = 'RUNNING' AND o.lease_until >= now()) "
                            + "AND pg_try_advisory_xact_lock(hashtext('ironcore.run-job:' || c.job_id)) "
                            + "ORDER BY c.queued_at FOR UPDATE SKIP LOCKED LIMIT 1")
                    .getResultList();
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("UPDATE run_claim SET state = 'RUNNING', worker_id = ?1, "
                            + "attempt = attempt + 1, started_at = now(), lease_until = now() + CAST(?2 AS interval) "
                            + "WHERE run_id = ?3 RETURNING CAST(request AS text), attempt, last_error")
                    .setParameter(1, workerId)
                    .setParameter(2, config.lease().toMillis() + " milliseconds")
                    .setParameter(3, candidates.get(0))
                    .getResultList();
            RunRequested request = EventJson.read((String) rows.get(0)[0], RunRequested.class);
            int attempt = ((Number) rows.get(0)[1]).intValue();
            Claim claim = new Claim(request, attempt, workerId);
            if (attempt > config.maxAttempts()) {
                String last = (String) rows.get(0)[2];
                String reason = "gave up after " + config.maxAttempts() + " attempts"
                        + (last == null ? ": the worker running it stopped answering" : ": " + last);
                finish(claim, "FAILED", reason);
                outbox.append(request.jobId(), "runs/" + request.runId(), new RunFailed(request.runId(),
                        request.jobId(), request.jobName(), workerId, attempt - 1, clock.instant(), reason));
                continue;
            }
            outbox.append(request.jobId(), "runs/" + request.runId(), new RunStarted(request.runId(),
                    request.jobId(), request.jobName(), workerId, attempt, clock.instant()));
            return Optional.of(claim);
        }
    }

    /** Renews the lease; false when the run is no longer this worker's (it lost the lease). */
    @Transactional
    public boolean renew(Claim claim) {
        return em.createNativeQuery("UPDATE run_claim SET lease_until = now() + CAST(?1 AS interval) "
                        + "WHERE run_id = ?2 AND worker_id = ?3 AND attempt = ?4 AND state = 'RUNNING'")
                .setParameter(1, config.lease().toMillis() + " milliseconds")
                .setParameter(2, claim.runId())
                .setParameter(3, claim.workerId())
                .setParameter(4, claim.attempt())
                .executeUpdate() == 1;
    }

    @Transactional
    public boolean complete(Claim claim, Instant startedAt, RunStats stats, List<SnapshotCreated> snapshots) {
        if (!finish(claim, "COMPLETED", null)) {
            return false;
        }
        RunRequested r = claim.request();
        outbox.append(r.jobId(), "runs/" + r.runId(), new RunCompleted(r.runId(), r.jobId(), r.jobName(),
                claim.workerId(), r.mode(), r.datastore().name(), r.namespace(), startedAt, clock.instant(), stats,
                snapshots));
        return true;
    }

    /** A failed attempt: queued again after the retry delay while attempts remain, else failed for good. */
    @Transactional
    public void fail(Claim claim, String reason, boolean retryable) {
        RunRequested r = claim.request();
        if (retryable && claim.attempt() < config.maxAttempts()) {
            em.createNativeQuery("UPDATE run_claim SET state = 'QUEUED', worker_id = NULL, lease_until = NULL, "
                            + "last_error = ?1, not_before = now() + CAST(?2 AS interval) "
                            + "WHERE run_id = ?3 AND worker_id = ?4 AND attempt = ?5 AND state = 'RUNNING'")
                    .setParameter(1, reason)
                    .setParameter(2, config.retryDelay().toMillis() + " milliseconds")
                    .setParameter(3, r.runId())
                    .setParameter(4, claim.workerId())
                    .setParameter(5, claim.attempt())
                    .executeUpdate();
            return;
        }
        if (finish(claim, "FAILED", reason)) {
            outbox.append(r.jobId(), "runs/" + r.runId(), new RunFailed(r.runId(), r.jobId(), r.jobName(),
                    claim.workerId(), claim.attempt(), clock.instant(), reason));
        }
    }

    private boolean finish(Claim claim, String state, String error) {
        return em.createNativeQuery("UPDATE run_claim SET state = ?1, finished_at = now(), lease_until = NULL, "
                        + "last_error = COALESCE(CAST(?2 AS text), last_error) WHERE run_id = ?3 AND worker_id = ?4 AND attempt = ?5")
                .setParameter(1, state)
                .setParameter(2, error)
                .setParameter(3, claim.runId())
                .setParameter(4, claim.workerId())
                .setParameter(5, claim.attempt())
                .executeUpdate() == 1;
    }
}
