package io.ironcore.prune.service;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.LockedException;
import io.ironcore.datastore.ProtectedSnapshotException;
import io.ironcore.datastore.SnapshotNotFoundException;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.events.prune.SnapshotDecision;
import io.ironcore.retention.Decision;
import io.ironcore.retention.PruneResult;
import io.ironcore.retention.Retention;
import io.ironcore.retention.RetentionPolicy;
import io.ironcore.retention.SnapshotInfo;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * One prune pass over a job's snapshots in some backup groups of a datastore: the snapshots the job made (its id is
 * in each manifest, so the daily job never prunes the weekly job's fulls in the same group), decided by the job's
 * retention in its time zone, then removed. A snapshot the datastore refuses to remove (protected, or the base of a
 * backup that is running) is kept with that reason; the next pass looks again.
 */
@ApplicationScoped
public class Pruner {
    /** What a pass kept and removed, with the reasons. */
    public record Outcome(List<SnapshotDecision> kept, List<SnapshotDecision> removed) {
    }

    public Outcome prune(Path datastore, Collection<BackupGroup> groups, String jobId, RetentionPolicy policy,
                         ZoneId zone, Set<String> protectedIds) throws IOException {
        List<SnapshotDecision> kept = new ArrayList<>();
        List<SnapshotDecision> removed = new ArrayList<>();
        try (Datastore ds = Datastore.open(datastore, DatastoreOptions.defaults())) {
            for (BackupGroup group : groups) {
                List<SnapshotInfo> mine = new ArrayList<>();
                for (io.ironcore.datastore.SnapshotInfo s : ds.listSnapshots(group)) {
                    if (jobId.equals(s.manifest().jobId())) {
                        String id = s.ref().toString();
                        mine.add(SnapshotInfo.of(id, s.ref().time())
                                .withProtected(s.isProtected() || protectedIds.contains(id)));
                    }
                }
                PruneResult result = Retention.apply(policy, mine, zone);
                for (Decision d : result.decisions()) {
                    if (d.keep()) {
                        kept.add(new SnapshotDecision(d.id(), d.reason()));
                        continue;
                    }
                    try {
                        ds.removeSnapshot(SnapshotRef.parse(d.id()));
                        removed.add(new SnapshotDecision(d.id(), d.reason()));
                    } catch (LockedException e) {
                        kept.add(new SnapshotDecision(d.id(), "in use by a running backup (" + d.reason() + ")"));
                    } catch (ProtectedSnapshotException e) {
                        kept.add(new SnapshotDecision(d.id(), "protected"));
                    } catch (SnapshotNotFoundException e) {
                        // removed meanwhile by an earlier delivery of the same pass
                    }
                }
            }
        }
        return new Outcome(kept, removed);
    }
}
