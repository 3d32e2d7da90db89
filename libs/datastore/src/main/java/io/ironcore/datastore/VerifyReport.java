package io.ironcore.datastore;

import java.time.Instant;
import java.util.List;

/**
 * Outcome of verifying one snapshot (also persisted as {@code verify-state.json} beside the manifest).
 *
 * @param corruptChunks hex names of chunks that failed CRC, tag or digest checks
 * @param missingChunks hex names of referenced chunks that do not exist
 * @param errors        other problems (unreadable index, checksum mismatch)
 */
public record VerifyReport(SnapshotRef snapshot, boolean ok, Instant verifiedAt, long chunksChecked, long bytesChecked,
                           List<String> corruptChunks, List<String> missingChunks, List<String> errors) {
    public VerifyReport {
        corruptChunks = List.copyOf(corruptChunks);
        missingChunks = List.copyOf(missingChunks);
        errors = List.copyOf(errors);
    }
}
