package io.ironcore.jobs.messaging;

import io.ironcore.eventing.consumer.EventProcessor;
import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.prune.GcCompleted;
import io.ironcore.events.prune.PruneCompleted;
import io.ironcore.events.prune.PruneFailed;
import io.ironcore.events.prune.SnapshotDecision;
import io.ironcore.jobs.Snapshot;
import io.ironcore.jobs.metrics.MetricTotals;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * Prune outcomes into the snapshot catalog (which snapshots were removed, and why the others were kept), and prune
 * and GC outcomes into the metrics' totals.
 */
@ApplicationScoped
public class PruneEventConsumer {
    /** The inbox's consumer name is the channel's Kafka group id. */
    @ConfigProperty(name = "mp.messaging.incoming.prune-events.group.id")
    String consumer;

    @Inject
    EventProcessor processor;
    @Inject
    Inbox inbox;
    @Inject
    MetricTotals totals;

    @Incoming("prune-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        processor.process(record, this::handle);
    }

    @Transactional
    void handle(CloudEvent event) {
        switch (event.type()) {
            case EventTypes.PRUNE_COMPLETED, EventTypes.PRUNE_FAILED, EventTypes.GC_COMPLETED -> {
                if (!inbox.firstDelivery(consumer, event)) {
                    return;
                }
            }
            default -> {
                return;
            }
        }
        switch (event.type()) {
            case EventTypes.PRUNE_FAILED -> {
                PruneFailed e = EventJson.read(event.data(), PruneFailed.class);
                UUID jobId = Ids.uuidOrNull(e.jobId());
                if (jobId != null) {
                    totals.pruneFinished(jobId, "Failed", 0);
                }
            }
            case EventTypes.GC_COMPLETED -> {
                GcCompleted e = EventJson.read(event.data(), GcCompleted.class);
                totals.gcCompleted(e.datastore(), e.chunksRemoved(), e.bytesFreed());
            }
            default -> pruned(EventJson.read(event.data(), PruneCompleted.class));
        }
    }

    private void pruned(PruneCompleted e) {
        UUID jobId = Ids.uuidOrNull(e.jobId());
        if (jobId != null) {
            totals.pruneFinished(jobId, "Completed", e.removed().size());
        }
        for (SnapshotDecision d : e.removed()) {
            Snapshot s = Snapshot.findById(d.snapshotId());
            if (s != null && s.removedAt == null) {
                s.removedAt = e.completedAt();
                s.removedWhy = d.reason();
            }
        }
        for (SnapshotDecision d : e.kept()) {
            Snapshot s = Snapshot.findById(d.snapshotId());
            if (s != null) {
                s.keptReason = d.reason();
            }
        }
    }
}
