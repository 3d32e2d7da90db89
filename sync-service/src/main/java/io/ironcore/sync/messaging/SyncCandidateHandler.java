package io.ironcore.sync.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.run.RunCompleted;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.sync.SyncCandidate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Records the full snapshots of completed runs as candidates for replication, once per event. */
@ApplicationScoped
public class SyncCandidateHandler {
    static final String CONSUMER = "sync-service.inputs";

    @Inject
    Inbox inbox;

    @Transactional
    public void handle(CloudEvent event) {
        if (!inbox.firstDelivery(CONSUMER, event) || !EventTypes.RUN_COMPLETED.equals(event.type())) {
            return;
        }
        RunCompleted e = EventJson.read(event.data(), RunCompleted.class);
        if (!JobSpec.MODE_FULL.equals(e.mode())) {
            return;
        }
        for (SnapshotCreated s : e.snapshots()) {
            if (SyncCandidate.findById(new SyncCandidate.Key(e.datastore(), s.snapshotId())) == null) {
                SyncCandidate c = new SyncCandidate();
                c.datastore = e.datastore();
                c.snapshotId = s.snapshotId();
                c.runId = e.runId();
                c.jobId = e.jobId();
                c.completedAt = e.completedAt();
                c.persist();
            }
        }
    }
}
