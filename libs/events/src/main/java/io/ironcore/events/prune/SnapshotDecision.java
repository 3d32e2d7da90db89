package io.ironcore.events.prune;

/**
 * What a prune pass decided for one snapshot, and why ("daily 3 of 7", "protected", "not kept by any window").
 */
public record SnapshotDecision(String snapshotId, String reason) {
}
