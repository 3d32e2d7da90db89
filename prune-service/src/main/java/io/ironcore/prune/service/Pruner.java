package io.ironcore.prune.service;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.RetentionPass;
import io.ironcore.events.prune.SnapshotDecision;
import io.ironcore.retention.RetentionPolicy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * One prune pass over a job's snapshots in some backup groups of a datastore: the snapshots the job made (its id is
 * in each manifest, so the daily job never prunes the weekly job's fulls in the same group), decided by the job's
 * retention in its time zone, then removed ({@link RetentionPass}).
 */
@ApplicationScoped
public class Pruner {
    /** What a pass kept and removed, with the reasons. */
    public record Outcome(List<SnapshotDecision> kept, List<SnapshotDecision> removed) {
    }

    public Outcome prune(Path datastore, Collection<BackupGroup> groups, String jobId, RetentionPolicy policy,
                         ZoneId zone, Set<String> protectedIds) throws IOException {
        try (Datastore ds = Datastore.open(datastore, DatastoreOptions.defaults())) {
            RetentionPass.Outcome o = RetentionPass.apply(ds, groups, s -> jobId.equals(s.manifest().jobId()), policy,
                    zone, protectedIds);
            return new Outcome(decisions(o.kept()), decisions(o.removed()));
        }
    }

    private static List<SnapshotDecision> decisions(List<RetentionPass.Decided> ds) {
        return ds.stream().map(d -> new SnapshotDecision(d.snapshotId(), d.reason())).toList();
    }
}
