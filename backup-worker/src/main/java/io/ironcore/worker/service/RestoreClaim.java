package io.ironcore.worker.service;

import io.ironcore.events.restore.RestoreRequested;

/** A restore this worker holds. */
public record RestoreClaim(RestoreRequested restore, int attempt, String workerId) implements Claim {
    @Override
    public String id() {
        return restore.restoreId();
    }

    @Override
    public String jobId() {
        return restore.jobId();
    }

    @Override
    public ClaimKind kind() {
        return ClaimKind.RESTORE;
    }

    @Override
    public RestoreClaim withAttempt(int attempt) {
        return new RestoreClaim(restore, attempt, workerId);
    }
}
