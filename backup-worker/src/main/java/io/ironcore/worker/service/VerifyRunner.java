package io.ironcore.worker.service;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SnapshotInfo;
import io.ironcore.datastore.VerifyReport;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A verify run: re-reads and re-hashes every chunk of every snapshot of the sources' groups (of every group in the
 * namespace when the job names no sources), and records each outcome in the datastore. Corruption fails the run
 * with the snapshots at fault, so the job's notifications tell of it.
 */
@ApplicationScoped
public class VerifyRunner {
    @Inject
    Datastores datastores;

    public BackupRunner.Outcome run(RunRequested request, io.ironcore.datastore.CancellationToken cancel) {
        Namespace ns = Datastores.namespace(request.namespace());
        long chunks = 0;
        long bytes = 0;
        List<String> bad = new ArrayList<>();
        try (Datastore ds = datastores.open(Path.of(request.datastore().path()))) {
            List<BackupGroup> groups = request.sources().isEmpty() ? ds.listGroups(ns)
                    : request.sources().stream().map(RunSource::id).map(id -> BackupGroup.of(ns, "vm", id)).toList();
            for (BackupGroup group : groups) {
                for (SnapshotInfo snapshot : ds.listSnapshots(group)) {
                    if (cancel.isCancelled()) {
                        throw new RunFailure("cancelled", true, null);
                    }
                    VerifyReport report = ds.verify(snapshot.ref());
                    chunks += report.chunksChecked();
                    bytes += report.bytesChecked();
                    if (!report.ok()) {
                        bad.add(snapshot.ref() + " (" + report.corruptChunks().size() + " corrupt, "
                                + report.missingChunks().size() + " missing chunks)");
                    }
                }
            }
        } catch (IOException e) {
            throw new RunFailure("datastore " + request.datastore().name() + ": " + e.getMessage(), true, e);
        }
        if (!bad.isEmpty()) {
            throw RunFailure.permanent("verification found damaged snapshots: " + String.join(", ", bad));
        }
        return new BackupRunner.Outcome(new io.ironcore.events.run.RunStats(bytes, 0, 0, chunks, 0, chunks, 0),
                List.of());
    }
}
