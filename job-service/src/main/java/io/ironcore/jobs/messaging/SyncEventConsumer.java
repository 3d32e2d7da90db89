package io.ironcore.jobs.messaging;

import io.ironcore.eventing.consumer.EventProcessor;
import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.sync.SyncCompleted;
import io.ironcore.events.sync.SyncFailed;
import io.ironcore.events.prune.SnapshotDecision;
import io.ironcore.events.sync.SyncStarted;
import io.ironcore.events.sync.SyncedSnapshot;
import io.ironcore.jobs.SnapshotCopy;
import io.ironcore.jobs.SyncJob;
import io.ironcore.jobs.metrics.MetricTotals;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sync outcomes onto their sync job (the last run's state, when, what it copied and removed, and why it failed) and
 * into the catalog of copies (which snapshots each target datastore holds, for restores).
 */
@ApplicationScoped
public class SyncEventConsumer {
    /** The inbox's consumer name is the channel's Kafka group id. */
    @ConfigProperty(name = "mp.messaging.incoming.sync-events.group.id")
    String consumer;

    @Inject
    EventProcessor processor;
    @Inject
    Inbox inbox;
    @Inject
    MetricTotals totals;

    @Incoming("sync-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        processor.process(record, this::handle);
    }

    @Transactional
    void handle(CloudEvent event) {
        switch (event.type()) {
            case EventTypes.SYNC_STARTED -> {
                SyncStarted e = EventJson.read(event.data(), SyncStarted.class);
                SyncJob s = job(e.syncJobId(), event);
                if (s != null && !e.syncRunId().equals(s.lastSyncRunId)) {
                    set(s, e.syncRunId(), "running", e.startedAt(), null, null, null, null, null);
                }
            }
            case EventTypes.SYNC_COMPLETED -> {
                SyncCompleted e = EventJson.read(event.data(), SyncCompleted.class);
                SyncJob s = job(e.syncJobId(), event);
                if (s != null) {
                    set(s, e.syncRunId(), "completed", e.completedAt(), e.copied().size(), e.alreadyPresent(),
                            e.removed().size(), e.bytesCopied(), null);
                    totals.syncFinished(s.id, "Completed", e.bytesCopied());
                    copies(s, e.copied(), e.completedAt());
                    for (SnapshotDecision d : e.removed()) {
                        SnapshotCopy c = SnapshotCopy.findById(new SnapshotCopy.Key(s.targetDatastore, d.snapshotId()));
                        if (c != null && c.removedAt == null) {
                            c.removedAt = e.completedAt();
                            c.removedWhy = d.reason();
                        }
                    }
                }
            }
            case EventTypes.SYNC_FAILED -> {
                SyncFailed e = EventJson.read(event.data(), SyncFailed.class);
                SyncJob s = job(e.syncJobId(), event);
                if (s != null) {
                    set(s, e.syncRunId(), "failed", e.failedAt(), e.copied() == null ? 0 : e.copied().size(), null,
                            null, null, e.reason());
                    totals.syncFinished(s.id, "Failed", 0);
                    copies(s, e.copied() == null ? List.of() : e.copied(), e.failedAt());
                }
            }
            default -> {
            }
        }
    }

    /** Records the copies a run made (a failed run's too: what it copied before the failure is complete). */
    private static void copies(SyncJob s, List<SyncedSnapshot> copied, Instant at) {
        for (SyncedSnapshot c : copied) {
            SnapshotCopy.Key key = new SnapshotCopy.Key(s.targetDatastore, c.snapshotId());
            SnapshotCopy copy = SnapshotCopy.findById(key);
            if (copy == null) {
                copy = new SnapshotCopy();
                copy.datastore = key.datastore();
                copy.snapshotId = key.snapshotId();
            }
            copy.sourceDatastore = s.sourceDatastore;
            copy.sourceSnapshotId = c.sourceSnapshotId();
            copy.syncJobId = s.id;
            copy.project = s.project;
            copy.copiedAt = at;
            copy.removedAt = null;
            copy.removedWhy = null;
            copy.persist();
        }
    }

    /** The sync job, on the first delivery of the event (null for a duplicate or an unknown job). */
    private SyncJob job(String syncJobId, CloudEvent event) {
        if (!inbox.firstDelivery(consumer, event)) {
            return null;
        }
        try {
            return SyncJob.findById(UUID.fromString(syncJobId));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void set(SyncJob s, String runId, String state, Instant at, Integer copied, Integer present,
                            Integer removed, Long bytes, String reason) {
        // an outcome of an older run never overwrites a newer one (runs of one job are ordered by their slot)
        if (s.lastSyncRunId != null && runId.compareTo(s.lastSyncRunId) < 0) {
            return;
        }
        s.lastSyncRunId = runId;
        s.lastSyncState = state;
        s.lastSyncAt = at;
        s.lastSyncCopied = copied;
        s.lastSyncPresent = present;
        s.lastSyncRemoved = removed;
        s.lastSyncBytes = bytes;
        s.lastSyncReason = reason;
    }
}
