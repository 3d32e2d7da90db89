package io.ironcore.worker.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The worker, prefix {@code ironcore.worker}. */
@ConfigMapping(prefix = "ironcore.worker")
public interface WorkerConfig {
    /** This instance's name in events and claims; default: host name and a random suffix. */
    Optional<String> id();

    /** Runs this instance performs at once (each run already hashes and compresses on every core). */
    @WithDefault("1")
    int concurrency();

    /** How often an idle worker looks for queued runs. */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a claim holds without renewal; a worker that stops renewing loses the run to another. */
    @WithDefault("60s")
    Duration lease();

    /** How often a worker renews the leases of its runs. */
    @WithDefault("15s")
    Duration heartbeat();

    /** Attempts before a run that keeps failing (or keeps losing its worker) is failed for good. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before a failed attempt is tried again. */
    @WithDefault("5s")
    Duration retryDelay();

    /**
     * Bytes per second a backup run may read from its disk images (suffixes K, M, G), for all of a run's images
     * together; unset: as fast as the disk and the cores allow. Keeps the hypervisor's storage for the VMs during the
     * day, like Proxmox Backup Server's traffic control or borg's and restic's rate limits.
     */
    Optional<MemorySize> readRateLimit();

    /** How often a running run reports its progress (RunProgress). */
    @WithDefault("5s")
    Duration progressInterval();

    /**
     * The directories this worker may read disk images from (absolute paths, comma-separated). A disk is read only if
     * its real path (symbolic links and {@code ..} resolved, when the worker opens it) is a regular file or a block
     * device strictly below the real path of one of them. None configured: every backup run is refused.
     */
    Optional<List<String>> sourceRoots();

    /**
     * Where restores are written: a restore's target is a path below {@code <restore-root>/<project>/}, never
     * elsewhere (symbolic links resolved). Default: the {@code restores} directory beside the working directory.
     */
    @WithDefault("restores")
    String restoreRoot();

    /**
     * GC: unreferenced chunks younger than this (before the oldest running backup's start) are kept, so a backup
     * that is still writing never loses a chunk. Proxmox Backup Server's 24 h 5 min by default.
     */
    @WithDefault("24h5m")
    Duration gcGrace();

    /** GC: the margin below the cutoff (file system timestamp granularity, clock skew). */
    @WithDefault("5m")
    Duration gcSafetyMargin();

    /**
     * How often at most this worker measures a datastore (walks its chunks and snapshots for the datastore gauges),
     * after the runs it finished there; a run finished sooner is measured once the interval has passed.
     */
    @WithDefault("5m")
    Duration datastoreUsageInterval();

    /** fsync chunks, indexes and manifests before a snapshot becomes visible (turn off only for benchmarks). */
    @WithDefault("true")
    boolean fsync();
}
