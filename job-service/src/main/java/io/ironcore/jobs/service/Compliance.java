package io.ironcore.jobs.service;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.compliance.JobRpoBreached;
import io.ironcore.events.compliance.JobRpoRestored;
import io.ironcore.events.compliance.RpoState;
import io.ironcore.events.run.RunAction;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.JobCompliance;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each backup job's RPO compliance. A job is at risk when its newest good snapshot is older than its RPO, when it
 * never had one and is older than its RPO, or while it is paused; whatever the cause (no scheduler, no worker,
 * failing runs), the age of the newest good snapshot tells. Every transition between at risk and not is one event
 * ({@link JobRpoBreached}, {@link JobRpoRestored}) in the transaction that changes the job's row: a job's changes and
 * its good snapshots are evaluated at once, and {@link #sweep} finds the jobs that time put at risk.
 */
@ApplicationScoped
public class Compliance {
    private static final Logger LOG = Logger.getLogger(Compliance.class);
    private static final int BATCH = 500;
    /** A derived RPO is computed again after a day (the gaps of a schedule change with DST). */
    private static final Duration DERIVED_TTL = Duration.ofDays(1);

    private record Derived(Optional<Duration> rpo, Instant at) {
    }

    private final Map<String, Derived> derived = new ConcurrentHashMap<>();
    /** Set when the application begins to shut down: the database goes away under a sweep. */
    private volatile boolean stopping;

    @Inject
    Outbox outbox;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;

    /** The RPO a job is measured against: its own, else its schedule's; empty for jobs that are not monitored. */
    public Optional<Duration> rpoOf(Job job) {
        if (job.action != null && job.action != RunAction.BACKUP) {
            return Optional.empty();
        }
        if (job.rpoSeconds != null) {
            return Optional.of(Duration.ofSeconds(job.rpoSeconds));
        }
        return derivedRpo(job.schedule, job.timezone);
    }

    /** The RPO a schedule implies (cached per schedule and zone). */
    public Optional<Duration> derivedRpo(String schedule, String timezone) {
        if (schedule == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String key = schedule + "\n" + timezone;
        Derived d = derived.get(key);
        if (d == null || d.at().plus(DERIVED_TTL).isBefore(now)) {
            d = new Derived(Optional.ofNullable(Rpo.derive(schedule, timezone, now)), now);
            derived.put(key, d);
        }
        return d.rpo();
    }

    /**
     * Finds the job's state now, in the caller's transaction, and publishes the transition if there is one. Returns
     * the job's row, or null when the job is not monitored (not a backup job, or no RPO at all).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public JobCompliance evaluate(Job job) {
        Instant now = clock.instant();
        Optional<Duration> rpo = rpoOf(job);
        JobCompliance row = JobCompliance.findById(job.id, LockModeType.PESSIMISTIC_WRITE);
        if (rpo.isEmpty()) {
            if (row != null) {
                if (row.state.atRisk()) {
                    restored(job, row, now, false);
                }
                row.delete();
            }
            return null;
        }
        Duration r = rpo.get();
        RpoState state = JobCompliance.stateOf(job.enabled, job.createdAt, job.lastGoodSnapshotAt, r, now);
        if (row == null) {
            row = new JobCompliance();
            row.jobId = job.id;
            row.state = state;
            row.rpoSeconds = r.getSeconds();
            row.since = state.atRisk()
                    ? JobCompliance.breachedAt(state, job.createdAt, job.lastGoodSnapshotAt, r, now) : now;
            row.evaluatedAt = now;
            row.persist();
            if (state.atRisk()) {
                breached(job, row);
            }
            return row;
        }
        row.rpoSeconds = r.getSeconds();
        if (row.state.atRisk() != state.atRisk()) {
            if (state.atRisk()) {
                row.state = state;
                row.since = JobCompliance.breachedAt(state, job.createdAt, job.lastGoodSnapshotAt, r, now);
                breached(job, row);
            } else {
                restored(job, row, now, false);
                row.state = state;
                row.since = now;
            }
        } else {
            row.state = state;
        }
        row.evaluatedAt = now;
        return row;
    }

    /** A monitored job with the RPO it is measured against and its stored state (null before its first evaluation). */
    public record Monitored(Job job, Duration rpo, JobCompliance stored) {
    }

    /** The projects' monitored jobs, by project and name, and how many of their jobs are not monitored. */
    public record Overview(List<Monitored> monitored, Map<String, Long> unmonitored) {
    }

    /** Every job of the projects, for the compliance overview. */
    @Transactional
    public Overview overview(List<String> projects) {
        List<Monitored> monitored = new ArrayList<>();
        Map<String, Long> unmonitored = new TreeMap<>();
        if (projects.isEmpty()) {
            return new Overview(monitored, unmonitored);
        }
        List<Job> jobs = Job.list("project in ?1 order by project, name", projects);
        Map<UUID, JobCompliance> stored = new HashMap<>();
        JobCompliance.<JobCompliance>list("jobId in ?1", jobs.stream().map(j -> j.id).toList())
                .forEach(c -> stored.put(c.jobId, c));
        for (Job j : jobs) {
            Optional<Duration> rpo = rpoOf(j);
            if (rpo.isPresent()) {
                monitored.add(new Monitored(j, rpo.get(), stored.get(j.id)));
            } else {
                unmonitored.merge(j.project, 1L, Long::sum);
            }
        }
        return new Overview(monitored, unmonitored);
    }

    /** The job is deleted (in the caller's transaction): if it was at risk, nothing is at risk any more. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleted(Job job) {
        JobCompliance row = JobCompliance.findById(job.id, LockModeType.PESSIMISTIC_WRITE);
        if (row != null && row.state.atRisk()) {
            restored(job, row, clock.instant(), true);
        }
    }

    /**
     * The backup jobs the sweep evaluates: those whose stored state is not the state their stored RPO gives now (the
     * SQL form of {@link JobCompliance#stateOf}), those without a row yet that have an RPO, those whose RPO was set
     * or removed since, and every job once a day (a derived RPO changes with DST). The others are where they were,
     * and the sweep neither loads nor writes them: with 10,000 jobs, a sweep of unchanged jobs is one query.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> dueForEvaluation(Instant now) {
        return em.createNativeQuery("SELECT j.id FROM job j LEFT JOIN job_compliance c ON c.job_id = j.id "
                + "WHERE (j.action IS NULL OR j.action = ?3) AND (CASE WHEN c.job_id IS NULL "
                + "THEN j.rpo_seconds IS NOT NULL OR j.schedule IS NOT NULL "
                + "ELSE c.evaluated_at < ?2 OR (j.rpo_seconds IS NULL AND j.schedule IS NULL) "
                + "OR j.rpo_seconds <> c.rpo_seconds OR c.state <> CASE "
                + "WHEN NOT j.enabled THEN ?4 "
                + "WHEN j.last_good_snapshot_at IS NULL THEN CASE "
                + "WHEN j.created_at + c.rpo_seconds * interval '1 second' < ?1 THEN ?5 ELSE ?6 END "
                + "WHEN j.last_good_snapshot_at + c.rpo_seconds * interval '1 second' < ?1 THEN ?7 ELSE ?8 END END) "
                + "ORDER BY j.id", UUID.class)
                .setParameter(1, now).setParameter(2, now.minus(DERIVED_TTL)).setParameter(3, RunAction.BACKUP.wire())
                .setParameter(4, RpoState.PAUSED.wire()).setParameter(5, RpoState.NEVER_PROTECTED.wire())
                .setParameter(6, RpoState.PENDING.wire()).setParameter(7, RpoState.STALE.wire())
                .setParameter(8, RpoState.PROTECTED.wire()).getResultList();
    }

    /**
     * Evaluates the backup jobs whose state time may have changed ({@link #dueForEvaluation}), a batch per
     * transaction. Each job's row is locked with SKIP LOCKED first, so that replicas (and a run's completion being
     * projected) never publish one transition twice.
     * <p>
     * Not while the application is not running: no sweep starts once it shuts down ({@link
     * Scheduled.ApplicationNotRunning}), a running one stops before its next batch, and one that fails then (the
     * database closed under it) is the shutdown, logged at debug; each batch is its own transaction, so the next
     * start's sweep finds the jobs the stopped one left. A failure while running is a warning, as ever.
     */
    @Scheduled(every = "${ironcore.compliance.check-interval:15s}", delayed = "${ironcore.compliance.check-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            Instant now = clock.instant();
            List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> dueForEvaluation(now));
            for (int from = 0; from < ids.size(); from += BATCH) {
                if (stopping) {
                    LOG.debugf("compliance sweep stopped for the shutdown, %d of %d jobs evaluated", from, ids.size());
                    return;
                }
                List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
                QuarkusTransaction.requiringNew().run(() -> sweep(batch));
            }
        } catch (RuntimeException e) {
            if (stopping) {
                LOG.debugf("compliance sweep stopped by the shutdown: %s", e.toString());
                return;
            }
            LOG.warnf("compliance sweep failed, trying again at the next one: %s", e.toString());
        }
    }

    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private void sweep(List<UUID> batch) {
        UUID[] ids = batch.toArray(UUID[]::new);
        // the rows of the batch nobody else holds (a replica's sweep, a run's completion), and the jobs without one
        @SuppressWarnings("unchecked")
        List<UUID> locked = em.createNativeQuery("SELECT c.job_id FROM job_compliance c WHERE c.job_id = ANY(?1) "
                + "FOR UPDATE SKIP LOCKED", UUID.class).setParameter(1, ids).getResultList();
        @SuppressWarnings("unchecked")
        List<UUID> fresh = em.createNativeQuery("SELECT j.id FROM job j WHERE j.id = ANY(?1) AND NOT EXISTS "
                + "(SELECT 1 FROM job_compliance c WHERE c.job_id = j.id)", UUID.class).setParameter(1, ids)
                .getResultList();
        for (UUID id : concat(locked, fresh)) {
            Job job = Job.findById(id);
            if (job != null) {
                evaluate(job);
            }
        }
    }

    private static List<UUID> concat(List<UUID> a, List<UUID> b) {
        List<UUID> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void breached(Job job, JobCompliance row) {
        LOG.infof("job %s/%s is at risk (%s): RPO %s", job.project, job.name, row.state.wire(),
                Rpo.format(Duration.ofSeconds(row.rpoSeconds)));
        outbox.append(job.id.toString(), "jobs/" + job.id, new JobRpoBreached(job.id.toString(), job.name,
                job.project, row.rpoSeconds, row.state, job.lastGoodSnapshotAt, row.since));
    }

    private void restored(Job job, JobCompliance row, Instant now, boolean deleted) {
        LOG.infof("job %s/%s is %s", job.project, job.name, deleted ? "deleted while at risk" : "protected again");
        long atRisk = Math.max(0, Duration.between(row.since, now).getSeconds());
        outbox.append(job.id.toString(), "jobs/" + job.id, new JobRpoRestored(job.id.toString(), job.name,
                job.project, row.rpoSeconds, job.lastGoodSnapshotAt, now, atRisk, deleted));
    }
}
