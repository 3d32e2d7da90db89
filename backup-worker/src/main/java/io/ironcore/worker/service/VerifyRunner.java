package io.ironcore.worker.service;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.CancellationToken;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SnapshotInfo;
import io.ironcore.datastore.VerifyReport;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.events.run.RunStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A verify run: re-reads and re-hashes every chunk of every snapshot of the sources' groups (of every group of the
 * run's project in the namespace when the job names no sources), and records each outcome in the datastore.
 * Corruption fails the run with the snapshots at fault, so the job's notifications tell of it. Another project's
 * groups in a shared namespace are never verified nor named.
 */
@ApplicationScoped
public class VerifyRunner {
    private static final Logger LOG = Logger.getLogger(VerifyRunner.class);
    @Inject
    Datastores datastores;

    public BackupRunner.Outcome run(RunRequested request, CancellationToken cancel) {
        Namespace ns = Datastores.namespace(request.namespace());
        String project = Datastores.project(request);
        long chunks = 0;
        long bytes = 0;
        List<String> bad = new ArrayList<>();
        try (Datastore ds = datastores.open(Path.of(request.datastore().path()))) {
            List<BackupGroup> groups = request.sources().isEmpty() ? ds.listGroups(ns, project)
                    : named(ds, ns, request.sources(), project);
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
        return new BackupRunner.Outcome(new RunStats(bytes, 0, 0, chunks, 0, chunks, 0),
                List.of());
    }

    /**
     * The sources' groups, without those of another project: such a group is treated like one that does not exist (a
     * forged request learns nothing about it). A group without an owner (written before owners existed) is verified:
     * job-service named it as a workload of the job's project.
     */
    private static List<BackupGroup> named(Datastore ds, Namespace ns, List<RunSource> sources, String project)
            throws IOException {
        List<BackupGroup> out = new ArrayList<>();
        for (RunSource source : sources) {
            if (source == null) {
                throw RunFailure.permanent("a source of the run is empty");
            }
            BackupGroup group;
            try {
                group = BackupGroup.of(ns, "vm", source.id());
            } catch (IllegalArgumentException e) {
                throw RunFailure.permanent("source " + source.id() + ": " + e.getMessage());
            }
            String owner = ds.groupOwner(group).orElse(project);
            if (owner.equals(project)) {
                out.add(group);
            } else {
                LOG.warnf("verify for project %s: %s belongs to project %s, not verified", project, group, owner);
            }
        }
        return out;
    }
}
