package io.ironcore.jobs.service;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.job.JobDefinition;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.sync.SyncJobDefinition;
import io.ironcore.jobs.DatastoreEntry;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.SyncJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The compacted topic of current definitions ({@code ironcore.job-definitions}): in the transaction of every change
 * of a job or sync job, its whole definition (JobDefinition, SyncJobDefinition) keyed by its id, or a tombstone when
 * it is deleted. {@code definition_published_version} records which version is on the topic.
 * <p>
 * A second after start, and every hour after ({@code ironcore.jobs.definitions.backfill-interval}), {@link
 * #backfill()} publishes every definition that is not there yet (the jobs of before this version; a change an older
 * instance made during an upgrade; a backfill that failed), in batches of {@value #BATCH}, each its own transaction,
 * on the scheduler's thread (the start does not wait for it). It needs no leader: each batch locks its rows
 * ({@code FOR UPDATE}, in id order), so a second instance at the same time waits and then finds them published.
 * Once every row is published a run costs a query per table.
 */
@ApplicationScoped
public class JobDefinitions {
    private static final Logger LOG = Logger.getLogger(JobDefinitions.class);
    static final int BATCH = 500;

    @Inject
    Outbox outbox;
    @Inject
    EntityManager em;

    /** The job's definition as it is now, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(Job job) {
        outbox.append(job.id.toString(), "jobs/" + job.id, definition(job));
        job.definitionPublishedVersion = job.version;
    }

    /** The job is deleted: a tombstone under its id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleted(Job job) {
        outbox.tombstone(job.id.toString(), "jobs/" + job.id, JobDefinition.class);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(SyncJob s) {
        outbox.append(s.id.toString(), "sync-jobs/" + s.id, definition(s));
        s.definitionPublishedVersion = s.version;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void deleted(SyncJob s) {
        outbox.tombstone(s.id.toString(), "sync-jobs/" + s.id, SyncJobDefinition.class);
    }

    /** How many definitions a backfill published. */
    public record Backfill(int jobs, int syncJobs) {
    }

    @Scheduled(every = "${ironcore.jobs.definitions.backfill-interval:1h}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            Backfill b = backfill();
            if (b.jobs() + b.syncJobs() > 0) {
                LOG.infof("published the definitions of %d jobs and %d sync jobs to ironcore.job-definitions",
                        b.jobs(), b.syncJobs());
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not publish the unpublished job definitions, trying again at the next interval: %s",
                    e.toString());
        }
    }

    /** Publishes every job's and sync job's definition that is not on the topic yet. Also called by tests. */
    public Backfill backfill() {
        return new Backfill(backfill("job", Job.class), backfill("sync_job", SyncJob.class));
    }

    private int backfill(String table, Class<?> entity) {
        int published = 0;
        int n;
        do {
            n = QuarkusTransaction.requiringNew().call(() -> batch(table, entity));
            published += n;
        } while (n > 0);
        return published;
    }

    /** One batch of a table's unpublished rows, locked until the transaction ends; the number published. */
    @SuppressWarnings("unchecked")
    private int batch(String table, Class<?> entity) {
        List<UUID> ids = em.createNativeQuery("SELECT id FROM " + table + " WHERE definition_published_version IS "
                + "DISTINCT FROM version ORDER BY id LIMIT " + BATCH + " FOR UPDATE", UUID.class).getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        List<?> rows = em.createQuery("from " + entity.getSimpleName() + " where id in :ids", entity)
                .setParameter("ids", ids).getResultList();
        List<Runnable> appends = new ArrayList<>(rows.size());
        for (Object row : rows) {
            if (row instanceof Job j) {
                JobDefinition d = definition(j);
                appends.add(() -> outbox.append(d.jobId(), "jobs/" + d.jobId(), d));
            } else {
                SyncJobDefinition d = definition((SyncJob) row);
                appends.add(() -> outbox.append(d.syncJobId(), "sync-jobs/" + d.syncJobId(), d));
            }
        }
        // each append's insert flushes the session first, which would check every entity of the batch again
        em.clear();
        appends.forEach(Runnable::run);
        // the rows stay locked: their version is the one just published
        em.createNativeQuery("UPDATE " + table + " SET definition_published_version = version WHERE id IN (?1)")
                .setParameter(1, ids).executeUpdate();
        return rows.size();
    }

    static JobDefinition definition(Job j) {
        return new JobDefinition(j.id.toString(), j.name, j.project, j.spec(), j.enabled, j.version, j.createdAt,
                j.updatedAt);
    }

    static SyncJobDefinition definition(SyncJob s) {
        // job-service's sync jobs are a project's own (no cross-project ones); they are not changed in place, so the
        // definition is the creation's
        return new SyncJobDefinition(s.id.toString(), s.name, s.project, ref(s.sourceDatastore), s.sourceNamespace,
                ref(s.targetDatastore), s.targetNamespace, s.schedule, s.timezone, s.retention, s.enabled, false,
                s.version, s.createdAt, s.createdAt);
    }

    private static DatastoreRef ref(String datastore) {
        DatastoreEntry d = DatastoreEntry.findById(datastore);
        return new DatastoreRef(datastore, d == null ? null : d.path);
    }
}
