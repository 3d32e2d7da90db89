package io.ironcore.jobs.messaging;

import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.jobs.Run;
import io.ironcore.jobs.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * The snapshot catalog from run completions: one row for each snapshot a completed run made (a completion seen
 * again adds nothing and changes none of the rows there are). What prune passes remove or keep is
 * {@link PruneEventConsumer}'s.
 * <p>
 * Not a consumer of its own: {@link RunHistoryHandler} reads the run events (one consumer group, one inbox entry per
 * event) and hands it each completion, in its transaction, so the run-events records are still consumed once.
 */
@ApplicationScoped
public class SnapshotCatalogHandler {

    /** Catalogues the snapshots of a completed run. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void completed(Run run, RunCompleted e) {
        for (SnapshotCreated s : e.snapshots()) {
            if (Snapshot.findById(s.snapshotId()) != null) {
                continue;
            }
            Snapshot snap = new Snapshot();
            snap.snapshotId = s.snapshotId();
            snap.jobId = run.jobId;
            snap.runId = run.id;
            snap.datastore = e.datastore() != null ? e.datastore() : run.datastore;
            snap.namespace = e.namespace() == null ? "" : e.namespace();
            snap.sourceId = s.sourceId();
            snap.createdAt = createdAt(s, e);
            snap.sizeBytes = s.sizeBytes();
            snap.persist();
        }
    }

    /**
     * The snapshot's time as the worker states it ({@link SnapshotCreated#createdAt()}). An event written before that
     * field existed does not carry the snapshot's time at all, and the snapshot id is the datastore's name, not a
     * field to parse. Such a snapshot gets its run's completion time ({@code completedAt}, required in every
     * RunCompleted): the run made it, so it existed by then, and the catalog never shows a snapshot as newer than
     * the run that made it (the run history shows the same instant as the run's finish). Not the CloudEvent's
     * {@code time}: that is when the event was written to the worker's outbox, a fact about the message rather
     * than about the run or the snapshot, which the payload's completion time states.
     */
    /** The time of the newest snapshot the run wrote, or null when it wrote none. */
    static Instant newestSnapshot(RunCompleted e) {
        return e.snapshots().stream().map(s -> createdAt(s, e)).max(Instant::compareTo).orElse(null);
    }

    static Instant createdAt(SnapshotCreated s, RunCompleted e) {
        return s.createdAt() != null ? s.createdAt() : e.completedAt();
    }
}
