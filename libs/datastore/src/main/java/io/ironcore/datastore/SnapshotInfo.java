package io.ironcore.datastore;

import java.util.Optional;

/** A complete snapshot with its sidecar state. {@code lastVerify} is empty if it was never verified. */
public record SnapshotInfo(SnapshotRef ref, Manifest manifest, boolean isProtected, Optional<VerifyReport> lastVerify) {
}
