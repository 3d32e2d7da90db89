package io.ironcore.prune.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.eventing.rebuild.Projection;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.prune.SnapshotProtectionChanged;
import io.ironcore.prune.ProtectedSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Each job's retention and the protected snapshots as a projection of {@link Topics#JOB_EVENTS}, for {@code
 * ironcore-backup admin rebuild}: {@code job_retention} folded by {@link RetentionProjection} (the live consumer's own
 * code), keeping the sweep's own columns ({@code swept_at}, {@code sweep_error}: no event writes them), and {@code
 * protected_snapshot}. A protection change is folded into its row only: the datastore's protection marks are the
 * live handler's, already in place, and a replay must not turn a mark off on its way to the last change. Prune passes
 * and the backup groups each job wrote are history (and prune snapshots) and are not rebuilt.
 */
@ApplicationScoped
public class RetentionRebuild {
    @Inject
    RetentionProjection live;
    @Inject
    Inbox inbox;
    @ConfigProperty(name = "mp.messaging.incoming.job-events.group.id")
    String consumer;

    public Projection projection() {
        return new Projection("prune-service", List.of(Topics.JOB_EVENTS), consumer, List.of(
                new Projection.Table("job_retention", "job_id", List.of("swept_at", "sweep_error")),
                new Projection.Table("protected_snapshot", "snapshot_id")), (event, partition) -> handle(event));
    }

    /** In the rebuild's transaction. */
    private void handle(CloudEvent event) {
        if (!EventTypes.SNAPSHOT_PROTECTION_CHANGED.equals(event.type())) {
            live.handle(event);
            return;
        }
        if (!inbox.firstDelivery(consumer, event)) {
            return;
        }
        SnapshotProtectionChanged e = EventJson.read(event.data(), SnapshotProtectionChanged.class);
        ProtectedSnapshot p = ProtectedSnapshot.findById(e.snapshotId());
        if (e.isProtected() && p == null) {
            p = new ProtectedSnapshot();
            p.snapshotId = e.snapshotId();
            p.jobId = e.jobId();
            p.changedBy = e.changedBy();
            p.changedAt = e.changedAt();
            p.persist();
        } else if (!e.isProtected() && p != null) {
            p.delete();
        }
    }
}
