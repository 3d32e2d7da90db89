package io.ironcore.sync.service;

import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.Replication;
import io.ironcore.events.prune.SnapshotDecision;
import io.ironcore.events.sync.SyncedSnapshot;
import io.ironcore.retention.RetentionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * One sync pass of a sync job ({@link Replication}, in libs/datastore): opens the source datastore (which must be
 * there) and the target (created on first use, like a worker creates a datastore on its first backup), and tells
 * what was copied and removed in the terms of the sync events.
 */
@ApplicationScoped
public class Replicator {
    private static final Logger LOG = Logger.getLogger(Replicator.class);

    /** Where from and where to. */
    public record Plan(Path source, String sourceNamespace, Path target, String targetNamespace,
                       RetentionPolicy retention, ZoneId zone) {
    }

    /** What a pass did; {@code failures} is empty when it did everything. */
    public record Outcome(List<SyncedSnapshot> copied, int alreadyPresent, long chunksCopied, long chunksPresent,
                          long bytesCopied, List<SnapshotDecision> removed, List<String> failures) {
    }

    public Outcome replicate(Plan plan, Runnable afterEachCopy) throws IOException {
        if (!Files.isDirectory(plan.source())) {
            throw new IOException("source datastore " + plan.source() + " is not reachable (no such directory)");
        }
        if (Files.exists(plan.target()) && !Files.isDirectory(plan.target())) {
            throw new IOException("target datastore " + plan.target() + " is not a directory");
        }
        try (Datastore source = Datastore.open(plan.source(), DatastoreOptions.defaults());
             Datastore target = Datastore.openOrCreate(plan.target(), DatastoreOptions.defaults())) {
            Replication.Outcome o = Replication.run(new Replication.Plan(source,
                    Namespace.parse(plan.sourceNamespace()), target, Namespace.parse(plan.targetNamespace()),
                    plan.retention(), plan.zone()), afterEachCopy);
            o.failures().forEach(f -> LOG.warnf("sync from %s to %s: %s", plan.source(), plan.target(), f));
            return new Outcome(o.copied().stream().map(c -> new SyncedSnapshot(c.sourceSnapshotId(), c.snapshotId(),
                    c.chunksCopied(), c.bytesCopied())).toList(), o.alreadyPresent(), o.chunksCopied(),
                    o.chunksPresent(), o.bytesCopied(), o.removed().stream().map(d -> new SnapshotDecision(
                    d.snapshotId(), d.reason())).toList(), o.failures());
        }
    }
}
