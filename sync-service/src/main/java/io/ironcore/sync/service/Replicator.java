package io.ironcore.sync.service;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.BackupMode;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.PullResult;
import io.ironcore.datastore.RetentionPass;
import io.ironcore.datastore.SnapshotInfo;
import io.ironcore.datastore.VerifyReport;
import io.ironcore.events.prune.SnapshotDecision;
import io.ironcore.events.sync.SyncedSnapshot;
import io.ironcore.retention.Decision;
import io.ironcore.retention.PruneResult;
import io.ironcore.retention.Retention;
import io.ironcore.retention.RetentionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One sync pass, the way a Proxmox Backup Server sync job pulls, but only what the target will keep: for every backup
 * group of the source namespace, the full snapshots the target lacks are copied oldest first, skipping those the
 * target's retention would remove at once and those whose last verify failed; then the target's retention runs over
 * the group in the target namespace. Each copy is a {@link Datastore#pull} (only missing chunks, each checked against
 * its digest, manifest last), so a pass that is interrupted and run again copies nothing twice. A snapshot that
 * cannot be copied does not stop the others; the pass then reports the failures.
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
        Namespace srcNs = Namespace.parse(plan.sourceNamespace());
        Namespace dstNs = Namespace.parse(plan.targetNamespace());
        List<SyncedSnapshot> copied = new ArrayList<>();
        List<SnapshotDecision> removed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int present = 0;
        long chunksCopied = 0;
        long chunksPresent = 0;
        long bytes = 0;
        try (Datastore source = Datastore.open(plan.source(), DatastoreOptions.defaults());
             Datastore target = Datastore.openOrCreate(plan.target(), DatastoreOptions.defaults())) {
            target.createNamespace(dstNs);
            List<BackupGroup> targetGroups = new ArrayList<>();
            for (BackupGroup group : source.listGroups(srcNs)) {
                BackupGroup dst = BackupGroup.of(dstNs, group.type(), group.id());
                targetGroups.add(dst);
                Set<java.time.Instant> have = new HashSet<>();
                target.listSnapshots(dst).forEach(s -> have.add(s.ref().time()));
                List<SnapshotInfo> fulls = new ArrayList<>();
                for (SnapshotInfo s : source.listSnapshots(group)) {
                    if (s.manifest().mode() != BackupMode.FULL) {
                        continue;
                    }
                    if (have.contains(s.ref().time())) {
                        present++;
                    } else if (s.lastVerify().map(VerifyReport::ok).orElse(true)) {
                        fulls.add(s);
                    } else {
                        failures.add(s.ref() + ": not copied, its last verify failed");
                    }
                }
                List<SnapshotInfo> wanted = keptByTarget(plan, have, fulls);
                wanted.sort(Comparator.comparing(s -> s.ref().time()));
                for (SnapshotInfo s : wanted) {
                    try {
                        PullResult r = target.pull(source, s.ref(), dstNs);
                        if (r.alreadyPresent()) {
                            present++;
                        } else {
                            copied.add(new SyncedSnapshot(s.ref().toString(), r.snapshot().toString(),
                                    r.chunksCopied(), r.bytesCopied()));
                            chunksCopied += r.chunksCopied();
                            chunksPresent += r.chunksPresent();
                            bytes += r.bytesCopied();
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.warnf("sync of %s failed: %s", s.ref(), e.getMessage());
                        failures.add(s.ref() + ": " + e.getMessage());
                    }
                    afterEachCopy.run();
                }
            }
            if (plan.retention() != null) {
                RetentionPass.Outcome o = RetentionPass.apply(target, targetGroups, s -> true, plan.retention(),
                        plan.zone(), Set.of());
                o.removed().forEach(d -> removed.add(new SnapshotDecision(d.snapshotId(), d.reason())));
            }
        }
        return new Outcome(copied, present, chunksCopied, chunksPresent, bytes, removed, failures);
    }

    /**
     * The candidates the target's retention keeps when they join what the target has: a new sync job over a source
     * with years of weekly fulls copies the 52 it keeps, not every one of them only to remove most.
     */
    private static List<SnapshotInfo> keptByTarget(Plan plan, Set<java.time.Instant> have, List<SnapshotInfo> fulls) {
        if (plan.retention() == null || fulls.isEmpty()) {
            return new ArrayList<>(fulls);
        }
        List<io.ironcore.retention.SnapshotInfo> all = new ArrayList<>();
        have.forEach(t -> all.add(io.ironcore.retention.SnapshotInfo.of("have:" + t, t)));
        fulls.forEach(s -> all.add(io.ironcore.retention.SnapshotInfo.of(s.ref().toString(), s.ref().time())));
        PruneResult r = Retention.apply(plan.retention(), all, plan.zone());
        List<SnapshotInfo> out = new ArrayList<>();
        for (SnapshotInfo s : fulls) {
            if (r.decision(s.ref().toString()).map(Decision::keep).orElse(true)) {
                out.add(s);
            }
        }
        return out;
    }
}
