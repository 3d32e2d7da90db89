package io.ironcore.worker.service;

import io.ironcore.datastore.CancellationToken;
import io.ironcore.datastore.ProgressListener;
import io.ironcore.worker.config.WorkerConfig;
import io.ironcore.worker.config.WorkerIdentity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Claims work while it has capacity, performs it on its own threads (never on a Kafka consumer thread, so a run may
 * last hours), renews the leases, reports progress, and reports each outcome through the queue. Work whose lease is
 * lost is cancelled here: another worker owns it now.
 */
@ApplicationScoped
public class WorkerLoop {
    private static final Logger LOG = Logger.getLogger(WorkerLoop.class);

    /** Work claimed here; {@code thread} is set while it really executes. */
    private static final class Running {
        final Claim claim;
        final CancellationToken cancel = new CancellationToken();
        final Instant claimedAt;
        volatile Thread thread;
        volatile Future<?> future;

        Running(Claim claim, Instant claimedAt) {
            this.claim = claim;
            this.claimedAt = claimedAt;
        }

        boolean executing() {
            Thread t = thread;
            return t != null && t.isAlive();
        }
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
    DatastoreUsageRefresh usage;
    @Inject
    WorkerIdentity identity;
    @Inject
    WorkerConfig config;
    @Inject
    Clock clock;

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile boolean stopping;
    /** Why the pool cannot run work any more, or null. */
    private volatile String poolDead;
    /** Since when every poll has failed, or null; and the last failure. */
    private volatile Instant failingSince;
    private volatile String lastPollError;
    private ExecutorService pool;

    /** The pool exists before any scheduled method can run, so nothing is ever claimed that cannot be run. */
    @PostConstruct
    void init() {
        pool = Executors.newFixedThreadPool(config.concurrency(), r -> new Thread(r, "backup-run"));
    }

    void start(@Observes StartupEvent event) {
        started = true;
        LOG.infof("backup worker %s ready, %d run(s) at a time", identity.id(), config.concurrency());
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        running.values().forEach(r -> r.cancel.cancel());
        pool.shutdown();
        try {
            pool.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Scheduled(every = "${ironcore.worker.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!started || stopping || poolProblem() != null) {
            return;
        }
        try {
            while (!stopping && running.size() < config.concurrency()) {
                Optional<Claim> claim = queue.claimNext(identity.id());
                if (claim.isEmpty()) {
                    break;
                }
                launch(claim.get());
            }
            failingSince = null;
        } catch (RuntimeException e) {
            if (failingSince == null) {
                failingSince = clock.instant();
            }
            lastPollError = e.toString();
            LOG.warnf("claiming work failed: %s", e);
        }
    }

    /** Hands a claim to the pool; a claim the pool refuses goes back to the queue at once, never stays here. */
    private void launch(Claim claim) {
        Running r = new Running(claim, clock.instant());
        running.put(claim.id(), r);
        try {
            r.future = pool.submit(() -> execute(r));
        } catch (RuntimeException e) {
            running.remove(claim.id(), r);
            poolDead = "the run pool refused work: " + e;
            LOG.errorf("%s %s could not be started here, given back: %s", claim.kind(), claim.id(), e);
            queue.fail(claim, "worker " + identity.id() + " could not start it: " + e, true);
        }
    }

    /**
     * Renews the leases of the work really executing here. A broken loop renews nothing and cancels its work, so
     * another worker takes it once the lease expires; work that never started is dropped here (its lease expires).
     */
    @Scheduled(every = "${ironcore.worker.heartbeat}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        String broken = problem();
        for (Running r : running.values()) {
            if (broken != null && started) {
                if (!r.cancel.isCancelled()) {
                    LOG.warnf("%s %s: this worker is broken (%s): no lease renewal, cancelling here",
                            r.claim.kind(), r.claim.id(), broken);
                    r.cancel.cancel();
                }
                continue;
            }
            if (!r.executing()) {
                Future<?> f = r.future;
                boolean stale = Duration.between(r.claimedAt, clock.instant()).compareTo(config.lease()) > 0;
                if ((f != null && f.isDone()) || stale) {
                    LOG.warnf("%s %s never started here: its lease is left to expire", r.claim.kind(), r.claim.id());
                    running.remove(r.claim.id(), r);
                    r.cancel.cancel();
                }
                continue;
            }
            try {
                if (!queue.renew(r.claim)) {
                    LOG.warnf("%s %s: lease lost, cancelling here", r.claim.kind(), r.claim.id());
                    r.cancel.cancel();
                }
            } catch (RuntimeException e) {
                LOG.warnf("%s %s: lease not renewed: %s", r.claim.kind(), r.claim.id(), e);
            }
        }
    }

    /** Work in progress on this worker. */
    public int active() {
        return running.size();
    }

    /**
     * Why this worker's loop cannot do its work, or null when it can: not started yet, its pool is dead, or claiming
     * has failed on every poll for a whole lease.
     */
    public String problem() {
        if (!started) {
            return "not started";
        }
        String dead = poolProblem();
        if (dead != null) {
            return dead;
        }
        Instant since = failingSince;
        if (since != null && Duration.between(since, clock.instant()).compareTo(config.lease()) >= 0) {
            return "claiming work has failed since " + since + ": " + lastPollError;
        }
        return null;
    }

    private String poolProblem() {
        if (poolDead != null) {
            return poolDead;
        }
        return pool.isShutdown() && !stopping ? "the run pool is shut down" : null;
    }

    /** The pool runs work on; for tests that break it. */
    ExecutorService pool() {
        return pool;
    }

    private void execute(Running r) {
        r.thread = Thread.currentThread();
        Claim claim = r.claim;
        Instant started = clock.instant();
        LOG.infof("%s %s of job %s: attempt %d started", claim.kind(), claim.id(), claim.jobId(), claim.attempt());
        try {
            if (claim instanceof RestoreClaim restore) {
                Path path = restores.run(restore.restore());
                queue.restored(restore, started, path.toString(), Files.size(path));
            } else {
                RunClaim run = (RunClaim) claim;
                switch (run.run().action()) {
                    case VERIFY -> complete(run, started, verifications.run(run.run(), r.cancel));
                    case GC -> queue.collected(run, started, collector.run(run.run()));
                    case BACKUP -> complete(run, started, backups.run(run.run(), r.cancel, progress(run, started)));
                }
            }
        } catch (RuntimeException | IOException e) {
            if (r.cancel.isCancelled() && !stopping) {
                givenUp(claim);
                return;
            }
            if (e instanceof RunFailure f) {
                LOG.warnf("%s %s attempt %d failed: %s", claim.kind(), claim.id(), claim.attempt(), f.getMessage());
                queue.fail(claim, stopping ? "worker stopped during the run" : f.getMessage(),
                        stopping || f.retryable());
            } else {
                LOG.errorf(e, "%s %s attempt %d failed", claim.kind(), claim.id(), claim.attempt());
                queue.fail(claim, e.toString(), true);
            }
        } finally {
            r.thread = null;
            running.remove(claim.id(), r);
            if (claim instanceof RunClaim run) {
                usage.runFinished(run.run().datastore()); // the datastore gauges, in the background
            }
        }
    }

    /**
     * Cancelled here: when the lease was lost the new owner reports the run; when this worker broke, the attempt is
     * given back while the claim is still its own (else the lease, no longer renewed, expires).
     */
    private void givenUp(Claim claim) {
        String broken = problem();
        if (broken == null) {
            return;
        }
        try {
            queue.fail(claim, "worker " + identity.id() + " broke during the run: " + broken, true);
        } catch (RuntimeException e) {
            LOG.warnf("%s %s not given back (%s): its lease expires", claim.kind(), claim.id(), e);
        }
    }

    private void complete(RunClaim claim, Instant started, BackupRunner.Outcome outcome) {
        if (queue.complete(claim, started, outcome.stats(), outcome.snapshots())) {
            LOG.infof("run %s completed: %d bytes read, %d written", claim.id(), outcome.stats().bytesRead(),
                    outcome.stats().bytesWritten());
        } else {
            LOG.warnf("run %s finished here but belongs to another worker now", claim.id());
        }
    }

    /** Reports progress at most every progress interval. */
    private ProgressListener progress(RunClaim claim, Instant started) {
        long every = config.progressInterval().toMillis();
        long[] last = {System.currentTimeMillis()};
        return (done, total) -> {
            long now = System.currentTimeMillis();
            if (now - last[0] < every || done >= total) {
                return;
            }
            last[0] = now;
            long seconds = Math.max(1, Duration.between(started, clock.instant()).toMillis()) ;
            try {
                queue.progress(claim, done, total, done * 1000 / seconds);
            } catch (RuntimeException e) {
                LOG.debugf("progress of %s not reported: %s", claim.id(), e);
            }
        };
    }
}
