package io.ironcore.prune.service;

import io.ironcore.prune.JobRetention;
import io.ironcore.prune.config.PruneConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sweep ({@code ironcore.prune.sweep.every}, first run {@code ironcore.prune.sweep.delay} after start-up): the
 * prune passes that no run starts. Jobs deleted with {@code orphans=prune} and paused jobs (unless
 * {@code ironcore.prune.paused-jobs=keep}) are pruned with their (last) retention, as the pass after a run would;
 * a second sweep in a row removes nothing more. Jobs deleted with {@code orphans=keep} are never pruned: each sweep
 * logs them and sets the gauges {@code ironcore_orphan_groups} and {@code ironcore_orphan_snapshots}.
 */
@ApplicationScoped
public class OrphanSweep {
    private static final Logger LOG = Logger.getLogger(OrphanSweep.class);

    /** What one sweep did. */
    public record Report(List<SweepPass.Result> jobs) {
        public int removed() {
            return jobs.stream().mapToInt(SweepPass.Result::removed).sum();
        }

        public List<SweepPass.Result> of(SweepSelection s) {
            return jobs.stream().filter(j -> j.selection() == s).toList();
        }
    }

    @Inject
    PruneConfig config;
    @Inject
    SweepPass pass;
    @Inject
    MeterRegistry registry;

    private final AtomicLong orphanGroups = new AtomicLong();
    private final AtomicLong orphanSnapshots = new AtomicLong();

    void register(@Observes StartupEvent event) {
        Gauge.builder("ironcore.orphan.groups", orphanGroups, AtomicLong::get)
                .description("Backup groups holding snapshots of jobs deleted with orphans=keep (never pruned)")
                .register(registry);
        Gauge.builder("ironcore.orphan.snapshots", orphanSnapshots, AtomicLong::get)
                .description("Snapshots of jobs deleted with orphans=keep (never pruned)")
                .register(registry);
        PruneConfig.Sweep s = config.sweep();
        LOG.infof("sweep %s: every %s, first after %s; paused jobs: %s", s.enabled() ? "on" : "off", s.every(),
                s.delay(), config.pausedJobs().name().toLowerCase());
    }

    @Scheduled(every = "${ironcore.prune.sweep.every:1h}", delayed = "${ironcore.prune.sweep.delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void onSchedule() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("sweep failed, trying again in %s: %s", config.sweep().every(), e.toString());
        }
    }

    /** One sweep now (also called by tests). */
    public Report sweep() {
        List<SweepPass.Result> results = new ArrayList<>();
        for (String jobId : candidates()) {
            try {
                results.add(pass.sweep(jobId, config.pausedJobs()));
            } catch (RuntimeException e) { // one job's trouble does not stop the others
                LOG.warnf("sweep of job %s failed: %s", jobId, e.toString());
            }
        }
        Report report = new Report(results);
        List<SweepPass.Result> kept = report.of(SweepSelection.KEEP_ORPHANS);
        orphanGroups.set(kept.stream().mapToInt(SweepPass.Result::groups).sum());
        orphanSnapshots.set(kept.stream().mapToInt(SweepPass.Result::kept).sum());
        LOG.infof("sweep: %d jobs pruned with their last retention (%d snapshots removed), %d paused jobs "
                        + "left (paused-jobs=keep); kept orphans (orphans=keep, never pruned): %d snapshots in %d "
                        + "groups of %d deleted jobs",
                report.of(SweepSelection.PRUNE).size(), report.removed(), report.of(SweepSelection.KEEP_PAUSED).size(),
                orphanSnapshots.get(), orphanGroups.get(), kept.size());
        for (SweepPass.Result k : kept) {
            LOG.infof("kept orphan (orphans=keep): job %s, %d snapshots in %d groups", k.jobId(), k.kept(), k.groups());
        }
        return report;
    }

    /** Deleted and paused jobs. */
    @Transactional
    List<String> candidates() {
        return JobRetention.<JobRetention>list("deletedAt is not null or enabled = false order by jobId").stream()
                .map(r -> r.jobId).toList();
    }

    /** The sweep is off: {@code ironcore.prune.sweep.enabled=false}. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {
        @Inject
        PruneConfig config;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.sweep().enabled();
        }
    }
}
