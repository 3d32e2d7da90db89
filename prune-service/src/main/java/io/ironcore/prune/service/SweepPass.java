package io.ironcore.prune.service;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.prune.JobGroups;
import io.ironcore.prune.JobRetention;
import io.ironcore.prune.config.PruneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sweep's work on one job, in one transaction of its own: a prune pass in each datastore and namespace the job
 * wrote to (PruneCompleted when it removed something, PruneFailed when it failed and had not failed so before), or,
 * for kept orphans, a count of what is kept. A job another replica is sweeping right now is skipped (an advisory lock).
 */
@ApplicationScoped
public class SweepPass {
    private static final Logger LOG = Logger.getLogger(SweepPass.class);

    /** What the sweep did with one job. */
    public record Result(String jobId, SweepSelection selection, int removed, int kept, int groups, int failures) {
        static Result none(String jobId, SweepSelection s) {
            return new Result(jobId, s, 0, 0, 0, 0);
        }
    }

    @Inject
    JobPasses passes;
    @Inject
    JobGroups locations;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    @Transactional
    public Result sweep(String jobId, PruneConfig.PausedJobs pausedJobs) {
        if (!Boolean.TRUE.equals(em.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "prune-sweep:" + jobId).getSingleResult())) {
            return Result.none(jobId, SweepSelection.ACTIVE);
        }
        JobRetention job = JobRetention.findById(jobId);
        if (job == null) {
            return Result.none(jobId, SweepSelection.ACTIVE);
        }
        SweepSelection selection = SweepSelection.of(job, pausedJobs);
        return switch (selection) {
            case PRUNE -> prune(job);
            case KEEP_ORPHANS -> countKept(job);
            default -> Result.none(jobId, selection);
        };
    }

    private Result prune(JobRetention job) {
        int removed = 0;
        int kept = 0;
        int failures = 0;
        String error = null;
        Map<Place, List<BackupGroup>> places = places(job);
        for (Map.Entry<Place, List<BackupGroup>> p : places.entrySet()) {
            Place place = p.getKey();
            Instant now = clock.instant();
            try {
                Pruner.Outcome outcome = passes.prune(job, Path.of(place.path()), p.getValue());
                removed += outcome.removed().size();
                kept += outcome.kept().size();
                if (!outcome.removed().isEmpty()) {
                    passes.completed(job, null, place.datastore(), place.namespace(), outcome, now);
                }
            } catch (IOException | RuntimeException e) {
                failures++;
                String reason = place.datastore() + ": " + e.getMessage();
                error = error == null ? reason : error;
                if (!Objects.equals(reason, job.sweepError)) { // tell once, not on every sweep
                    passes.failed(job, null, place.datastore(), reason, now);
                }
                LOG.warnf("sweep of job %s (%s) in %s failed: %s", job.jobName, job.jobId, place.path(), e);
            }
        }
        job.sweptAt = clock.instant();
        job.sweepError = error;
        return new Result(job.jobId, SweepSelection.PRUNE, removed, kept, places.values().stream()
                .mapToInt(List::size).sum(), failures);
    }

    /** Kept orphans: how many of the job's snapshots are left, in how many groups (read from the datastores). */
    private Result countKept(JobRetention job) {
        int snapshots = 0;
        int groups = 0;
        int failures = 0;
        for (Map.Entry<Place, List<BackupGroup>> p : places(job).entrySet()) {
            try (Datastore ds = Datastore.open(Path.of(p.getKey().path()), DatastoreOptions.defaults())) {
                for (BackupGroup g : p.getValue()) {
                    long n = ds.listSnapshots(g).stream().filter(s -> job.jobId.equals(s.manifest().jobId()))
                            .count();
                    snapshots += (int) n;
                    groups += n > 0 ? 1 : 0;
                }
            } catch (IOException | RuntimeException e) {
                failures++;
                LOG.warnf("cannot count the kept orphans of job %s in %s: %s", job.jobId, p.getKey().path(), e);
            }
        }
        return new Result(job.jobId, SweepSelection.KEEP_ORPHANS, 0, snapshots, groups, failures);
    }

    private record Place(String path, String datastore, String namespace) {
    }

    private Map<Place, List<BackupGroup>> places(JobRetention job) {
        Map<Place, List<BackupGroup>> out = new LinkedHashMap<>();
        for (JobGroups.Location l : locations.of(job.jobId)) {
            out.computeIfAbsent(new Place(l.datastorePath(), l.datastore(), l.namespace()), k -> new ArrayList<>())
                    .add(l.group());
        }
        return out;
    }
}
