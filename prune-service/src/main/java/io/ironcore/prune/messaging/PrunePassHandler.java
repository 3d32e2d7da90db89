package io.ironcore.prune.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.prune.PrunePass;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Records a prune pass for every completed run, once per event. */
@ApplicationScoped
public class PrunePassHandler {
    static final String CONSUMER = "prune-service.runs";

    @Inject
    Inbox inbox;

    @Transactional
    public void handle(CloudEvent event) {
        if (!EventTypes.RUN_COMPLETED.equals(event.type())) {
            return;
        }
        RunCompleted e = EventJson.read(event.data(), RunCompleted.class);
        if (!inbox.firstDelivery(CONSUMER, event) || PrunePass.findById(e.runId()) != null) {
            return;
        }
        PrunePass p = new PrunePass();
        p.runId = e.runId();
        p.jobId = e.jobId();
        p.datastore = e.datastore() == null ? "" : e.datastore();
        p.namespace = e.namespace() == null ? "" : e.namespace();
        p.snapshots = e.snapshots().stream().map(SnapshotCreated::snapshotId).toList();
        p.state = PrunePass.PENDING;
        p.completedAt = e.completedAt();
        p.persist();
    }
}
