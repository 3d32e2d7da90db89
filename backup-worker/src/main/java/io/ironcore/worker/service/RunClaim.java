package io.ironcore.worker.service;

import io.ironcore.events.run.RunRequested;

/** A run this worker holds: a backup, a verification or a GC, as its request's action says. */
public record RunClaim(RunRequested run, int attempt, String workerId) implements Claim {
    @Override
    public String id() {
        return run.runId();
    }

    @Override
    public String jobId() {
        return run.jobId();
    }

    @Override
    public ClaimKind kind() {
        return ClaimKind.of(run.action());
    }

    @Override
    public RunClaim withAttempt(int attempt) {
        return new RunClaim(run, attempt, workerId);
    }
}
