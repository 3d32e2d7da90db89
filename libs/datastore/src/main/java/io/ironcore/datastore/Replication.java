package io.ironcore.datastore;

import io.ironcore.retention.Decision;
import io.ironcore.retention.PruneResult;
import io.ironcore.retention.Retention;
import io.ironcore.retention.RetentionCandidate;
import io.ironcore.retention.RetentionPolicy;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One sync pass between datastores, the way a Proxmox Backup Server sync job pulls, but only what the target will
 * keep: for every backup group of the source namespace that belongs to the plan's project (every group for a
 * cross-project plan), the full snapshots the target lacks are copied oldest first ({@link Datastore#pull}: only
 * missing chunks, each checked against its digest, manifest last, the group's owner with them), skipping those the
 * target's retention would remove at once and those whose last verify failed; then the target's retention runs over
 * those groups in the target namespace ({@link RetentionPass}). A pass that is interrupted and run again copies
 * nothing twice. A snapshot that cannot be copied does not stop the others; the pass reports the failures. Used by
 * sync-service and by {@code ironcore-backup sync}.
 */
public final class Replication {
    /**
     * Where from and where to; {@code retention} null keeps everything.
     *
     * @param project only the groups of the source namespace that belong to this project are copied (and the target's
     *                retention runs only over their copies); null copies every project's groups, for a sync that a
     *                system administrator set up across projects, or an operator's {@code ironcore-backup sync}. A
     *                group without an owner belongs to no project ({@link Datastore#listGroups(Namespace, String)})
     */
    public record Plan(Datastore source, Namespace sourceNamespace, Datastore target, Namespace targetNamespace,
                       RetentionPolicy retention, ZoneId zone, String project) {
        /** A pass over every project's groups (see {@link #project()}). */
        public Plan(Datastore source, Namespace sourceNamespace, Datastore target, Namespace targetNamespace,
                    RetentionPolicy retention, ZoneId zone) {
            this(source, sourceNamespace, target, targetNamespace, retention, zone, null);
        }
    }

    /** A snapshot the pass copied: its id in the source and in the target, and what the copy cost. */
    public record Copied(String sourceSnapshotId, String snapshotId, long chunksCopied, long bytesCopied) {
    }

    /** What a pass did; {@code failures} is empty when it did everything. */
    public record Outcome(List<Copied> copied, int alreadyPresent, long chunksCopied, long chunksPresent,
                          long bytesCopied, List<RetentionPass.Decided> removed, List<String> failures) {
    }

    private Replication() {
    }

    public static Outcome run(Plan plan) throws IOException {
        Datastore source = plan.source();
        Datastore target = plan.target();
        Namespace dstNs = plan.targetNamespace();
        List<Copied> copied = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int present = 0;
        long chunksCopied = 0;
        long chunksPresent = 0;
        long bytes = 0;
        target.createNamespace(dstNs);
        List<BackupGroup> targetGroups = new ArrayList<>();
        for (BackupGroup group : source.listGroups(plan.sourceNamespace(), plan.project())) {
            BackupGroup dst = BackupGroup.of(dstNs, group.type(), group.id());
            targetGroups.add(dst);
            Set<Instant> have = new HashSet<>();
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
                        copied.add(new Copied(s.ref().toString(), r.snapshot().toString(), r.chunksCopied(),
                                r.bytesCopied()));
                        chunksCopied += r.chunksCopied();
                        chunksPresent += r.chunksPresent();
                        bytes += r.bytesCopied();
                    }
                } catch (GroupOwnerException e) {
                    // a project's pass does not learn which other project holds the group in the target
                    failures.add(s.ref() + ": " + (plan.project() == null ? e.getMessage()
                            : "not copied, " + e.group() + " in the target belongs to another project"));
                } catch (IOException | RuntimeException e) {
                    failures.add(s.ref() + ": " + e.getMessage());
                }
            }
        }
        List<RetentionPass.Decided> removed = plan.retention() == null ? List.of()
                : RetentionPass.apply(target, targetGroups, s -> true, plan.retention(), plan.zone(), Set.of())
                .removed();
        return new Outcome(copied, present, chunksCopied, chunksPresent, bytes, removed, failures);
    }

    /**
     * The candidates the target's retention keeps when they join what the target has: a new sync job over a source
     * with years of weekly fulls copies the 52 it keeps, not every one of them only to remove most.
     */
    private static List<SnapshotInfo> keptByTarget(Plan plan, Set<Instant> have, List<SnapshotInfo> fulls) {
        if (plan.retention() == null || fulls.isEmpty()) {
            return new ArrayList<>(fulls);
        }
        List<RetentionCandidate> all = new ArrayList<>();
        have.forEach(t -> all.add(RetentionCandidate.of("have:" + t, t)));
        fulls.forEach(s -> all.add(RetentionCandidate.of(s.ref().toString(), s.ref().time())));
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
