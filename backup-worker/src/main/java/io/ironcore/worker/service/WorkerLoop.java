package io.ironcore.worker.service;

import io.ironcore.datastore.CancellationToken;
import io.ironcore.datastore.ProgressListener;
import io.ironcore.worker.config.WorkerConfig;
import io.ironcore.worker.config.WorkerIdentity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Claims work while it has capacity, performs it on its own threads (never on a Kafka consumer thread, so a run may
 * last hours), renews the leases, reports progress, and reports each outcome through the queue. Work whose lease is
 * lost is cancelled here: another worker owns it now.
 */
@ApplicationScoped
public class WorkerLoop {
    private static final Logger LOG = Logger.getLogger(WorkerLoop.class);

    private record Running(Claim claim, CancellationToken cancel) {
    }

    @Inject
    RunQueue queue;
    @Inject
    BackupRunner backups;
    @Inject
    VerifyRunner verifications;
    @Inject
    RestoreRunner restores;
    @Inject
    GcRunner collector;
    @Inject
    WorkerIdentity identity;
    @Inject
    WorkerConfig config;
    @Inject
    Clock clock;

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private ExecutorService pool;

    void start(@Observes StartupEvent event) {
        pool = Executors.newFixedThreadPool(config.concurrency(), r -> new Thread(r, "backup-run"));
        LOG.infof("backup worker %s ready, %d run(s) at a time", identity.id(), config.concurrency());
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        running.values().forEach(r -> r.cancel().cancel());
        pool.shutdown();
        try {
            pool.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Scheduled(every = "${ironcore.worker.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        while (!stopping && running.size() < config.concurrency()) {
            Optional<Claim> claim = queue.claimNext(identity.id());
            if (claim.isEmpty()) {
                return;
            }
            Running r = new Running(claim.get(), new CancellationToken());
            running.put(r.claim().id(), r);
            pool.submit(() -> execute(r));
        }
    }

    @Scheduled(every = "${ironcore.worker.heartbeat}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        for (Running r : running.values()) {
            if (!queue.renew(r.claim())) {
                LOG.warnf("%s %s: lease lost, cancelling here", r.claim().kind(), r.claim().id());
                r.cancel().cancel();
            }
        }
    }

    /** Work in progress on this worker. */
    public int active() {
        return running.size();
    }

    private void execute(Running r) {
        Claim claim = r.claim();
        Instant started = clock.instant();
        LOG.infof("%s %s of job %s: attempt %d started", claim.kind(), claim.id(), claim.jobId(), claim.attempt());
        try {
            switch (claim.kind()) {
                case Claim.RESTORE -> {
                    Path path = restores.run(claim.restore());
                    queue.restored(claim, started, path.toString(), java.nio.file.Files.size(path));
                }
                case Claim.VERIFY -> complete(claim, started, verifications.run(claim.run(), r.cancel()));
                case Claim.GC -> queue.collected(claim, started, collector.run(claim.run()));
                default -> complete(claim, started, backups.run(claim.run(), r.cancel(), progress(claim, started)));
            }
        } catch (RunFailure f) {
            if (r.cancel().isCancelled() && !stopping) {
                return; // lease lost: the new owner reports it
            }
            LOG.warnf("%s %s attempt %d failed: %s", claim.kind(), claim.id(), claim.attempt(), f.getMessage());
            queue.fail(claim, stopping ? "worker stopped during the run" : f.getMessage(), stopping || f.retryable());
        } catch (Exception e) {
            LOG.errorf(e, "%s %s attempt %d failed", claim.kind(), claim.id(), claim.attempt());
            queue.fail(claim, e.toString(), true);
        } finally {
            running.remove(claim.id());
        }
    }

    private void complete(Claim claim, Instant started, BackupRunner.Outcome outcome) {
        if (queue.complete(claim, started, outcome.stats(), outcome.snapshots())) {
            LOG.infof("run %s completed: %d bytes read, %d written", claim.id(), outcome.stats().bytesRead(),
                    outcome.stats().bytesWritten());
        } else {
            LOG.warnf("run %s finished here but belongs to another worker now", claim.id());
        }
    }

    /** Reports progress at most every progress interval. */
    private ProgressListener progress(Claim claim, Instant started) {
        long every = config.progressInterval().toMillis();
        long[] last = {System.currentTimeMillis()};
        return (done, total) -> {
            long now = System.currentTimeMillis();
            if (now - last[0] < every || done >= total) {
                return;
            }
            last[0] = now;
            long seconds = Math.max(1, java.time.Duration.between(started, clock.instant()).toMillis()) ;
            try {
                queue.progress(claim, done, total, done * 1000 / seconds);
            } catch (RuntimeException e) {
                LOG.debugf("progress of %s not reported: %s", claim.id(), e);
            }
        };
    }
}
