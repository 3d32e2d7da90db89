package io.ironcore.worker.service;

import io.ironcore.datastore.CancellationToken;
import io.ironcore.worker.config.WorkerConfig;
import io.ironcore.worker.config.WorkerIdentity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Claims runs while it has capacity, performs them on its own threads (never on a Kafka consumer thread, so a run
 * may last hours), renews their leases, and reports each outcome through the queue. A run whose lease is lost is
 * cancelled here: another worker owns it now.
 */
@ApplicationScoped
public class WorkerLoop {
    private static final Logger LOG = Logger.getLogger(WorkerLoop.class);

    private record Running(Claim claim, CancellationToken cancel) {
    }

    @Inject
    RunQueue queue;
    @Inject
    BackupRunner runner;
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
            running.put(r.claim().runId(), r);
            pool.submit(() -> execute(r));
        }
    }

    @Scheduled(every = "${ironcore.worker.heartbeat}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        for (Running r : running.values()) {
            if (!queue.renew(r.claim())) {
                LOG.warnf("run %s: lease lost, cancelling here", r.claim().runId());
                r.cancel().cancel();
            }
        }
    }

    /** Runs in progress on this worker. */
    public int active() {
        return running.size();
    }

    private void execute(Running r) {
        Claim claim = r.claim();
        Instant started = clock.instant();
        LOG.infof("run %s of %s: attempt %d started", claim.runId(), claim.request().jobName(), claim.attempt());
        try {
            BackupRunner.Outcome outcome = runner.run(claim.request(), r.cancel());
            if (queue.complete(claim, started, outcome.stats(), outcome.snapshots())) {
                LOG.infof("run %s completed: %d bytes read, %d written", claim.runId(),
                        outcome.stats().bytesRead(), outcome.stats().bytesWritten());
            } else {
                LOG.warnf("run %s finished here but belongs to another worker now", claim.runId());
            }
        } catch (RunFailure f) {
            if (r.cancel().isCancelled() && !stopping) {
                return; // lease lost: the new owner reports the run
            }
            LOG.warnf("run %s attempt %d failed: %s", claim.runId(), claim.attempt(), f.getMessage());
            queue.fail(claim, stopping ? "worker stopped during the run" : f.getMessage(), stopping || f.retryable());
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s attempt %d failed", claim.runId(), claim.attempt());
            queue.fail(claim, e.toString(), true);
        } finally {
            running.remove(claim.runId());
        }
    }
}
