package io.ironcore.prune;

import io.ironcore.datastore.BackupGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * Where each job's snapshots are (table {@code job_group}): every backup group a completed run of the job wrote to,
 * in which datastore. The sweep prunes a job that no longer runs there.
 */
@ApplicationScoped
public class JobGroups {
    /** A group of a job in a datastore. */
    public record Location(String datastore, String datastorePath, String namespace, BackupGroup group) {
    }

    @Inject
    EntityManager em;

    /** Records (or refreshes) that the job wrote to the group; in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String jobId, String datastore, String datastorePath, String namespace, BackupGroup group,
                       Instant at) {
        em.createNativeQuery("""
                        INSERT INTO job_group (job_id, datastore_path, backup_group, datastore, namespace, last_seen)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                        ON CONFLICT (job_id, datastore_path, backup_group)
                        DO UPDATE SET datastore = excluded.datastore, namespace = excluded.namespace,
                                      last_seen = greatest(job_group.last_seen, excluded.last_seen)""")
                .setParameter(1, jobId).setParameter(2, datastorePath).setParameter(3, group.toString())
                .setParameter(4, datastore).setParameter(5, namespace).setParameter(6, at)
                .executeUpdate();
    }

    /** The job's groups, by datastore directory then group. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Location> of(String jobId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT datastore, datastore_path, namespace, backup_group FROM job_group
                        WHERE job_id = ?1 ORDER BY datastore_path, backup_group""")
                .setParameter(1, jobId).getResultList();
        return rows.stream().map(r -> new Location((String) r[0], (String) r[1], (String) r[2],
                BackupGroup.parse((String) r[3]))).toList();
    }
}
