package io.ironcore.worker.service;

/** Where queued work is: the values of {@code run_claim.state} (the enum names are the stored strings). */
public enum ClaimState {
    /** Waiting to be claimed, once {@code not_before} has passed. */
    QUEUED,
    /** Claimed by a worker, held by its lease. */
    RUNNING,
    /** Done; its completion event is in the outbox. */
    COMPLETED,
    /** Failed for good; its failure event is in the outbox. */
    FAILED
}
