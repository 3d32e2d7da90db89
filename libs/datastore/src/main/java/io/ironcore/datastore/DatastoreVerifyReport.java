package io.ironcore.datastore;

import java.util.List;

/** Outcome of verifying every snapshot of a datastore; each distinct chunk was checked once. */
public record DatastoreVerifyReport(List<VerifyReport> snapshots, long distinctChunksChecked) {
    public DatastoreVerifyReport {
        snapshots = List.copyOf(snapshots);
    }

    public boolean ok() {
        return snapshots.stream().allMatch(VerifyReport::ok);
    }

    public List<VerifyReport> failed() {
        return snapshots.stream().filter(r -> !r.ok()).toList();
    }
}
