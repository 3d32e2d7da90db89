package io.ironcore.worker.service;

import io.ironcore.events.restore.RestoreRequested;
import io.ironcore.events.run.RunRequested;

/**
 * Work this worker holds, and the attempt its lease belongs to: a run (backup or verify) or a restore.
 *
 * @param run     the run request, or null for a restore
 * @param restore the restore request, or null for a run
 */
public record Claim(String kind, RunRequested run, RestoreRequested restore, int attempt, String workerId) {
    public static final String BACKUP = "backup";
    public static final String VERIFY = "verify";
    public static final String GC = "gc";
    public static final String RESTORE = "restore";

    public String id() {
        return run != null ? run.runId() : restore.restoreId();
    }

    public String jobId() {
        return run != null ? run.jobId() : restore.jobId();
    }
}
