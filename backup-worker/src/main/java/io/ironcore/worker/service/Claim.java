package io.ironcore.worker.service;

/**
 * Work this worker holds, and the attempt its lease belongs to: a run (backup, verification or GC) or a restore.
 */
public sealed interface Claim permits RunClaim, RestoreClaim {
    /** The run id or restore id: the queue row's key. */
    String id();

    String jobId();

    /** What the work is, as the queue's {@code kind} column and the logs name it. */
    ClaimKind kind();

    int attempt();

    String workerId();

    /** The same work under another attempt. */
    Claim withAttempt(int attempt);
}
