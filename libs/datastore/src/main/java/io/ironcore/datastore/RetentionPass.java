package io.ironcore.datastore;

import io.ironcore.retention.Decision;
import io.ironcore.retention.PruneResult;
import io.ironcore.retention.Retention;
import io.ironcore.retention.RetentionCandidate;
import io.ironcore.retention.RetentionPolicy;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One retention pass over some backup groups of a datastore: in each group, the snapshots {@code select} accepts are
 * decided by the policy in the zone, then the ones not kept are removed. A snapshot the datastore refuses to remove
 * (protected, or the base of a running backup) is kept with that reason; the next pass looks again. Used by the
 * prune-service (a job's own snapshots) and the sync-service (the target's retention).
 */
public final class RetentionPass {
    /** A snapshot (its {@link SnapshotRef} string) and why it was kept or removed. */
    public record Decided(String snapshotId, String reason) {
    }

    /** What a pass kept and removed. */
    public record Outcome(List<Decided> kept, List<Decided> removed) {
    }

    private RetentionPass() {
    }

    public static Outcome apply(Datastore ds, Collection<BackupGroup> groups, Predicate<SnapshotInfo> select,
                                RetentionPolicy policy, ZoneId zone, Set<String> protectedIds) throws IOException {
        List<Decided> kept = new ArrayList<>();
        List<Decided> removed = new ArrayList<>();
        for (BackupGroup group : groups) {
            List<RetentionCandidate> mine = new ArrayList<>();
            for (SnapshotInfo s : ds.listSnapshots(group)) {
                if (select.test(s)) {
                    String id = s.ref().toString();
                    mine.add(RetentionCandidate.of(id, s.ref().time())
                            .withProtected(s.isProtected() || protectedIds.contains(id)));
                }
            }
            PruneResult result = Retention.apply(policy, mine, zone);
            for (Decision d : result.decisions()) {
                if (d.keep()) {
                    kept.add(new Decided(d.id(), d.reason()));
                    continue;
                }
                try {
                    ds.removeSnapshot(SnapshotRef.parse(d.id()));
                    removed.add(new Decided(d.id(), d.reason()));
                } catch (LockedException e) {
                    kept.add(new Decided(d.id(), "in use by a running backup (" + d.reason() + ")"));
                } catch (ProtectedSnapshotException e) {
                    kept.add(new Decided(d.id(), "protected"));
                } catch (SnapshotNotFoundException e) {
                    // removed meanwhile by an earlier delivery of the same pass
                }
            }
        }
        return new Outcome(kept, removed);
    }
}
