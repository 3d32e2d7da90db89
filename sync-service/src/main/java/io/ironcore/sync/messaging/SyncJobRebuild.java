package io.ironcore.sync.messaging;

import io.ironcore.eventing.rebuild.Projection;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Set;

/**
 * The sync jobs as a projection of {@link Topics#JOB_EVENTS}, for {@code ironcore-backup admin rebuild}: {@code
 * sync_job} folded by {@link SyncEventHandler} (the live consumer's own code) from SyncJobCreated and SyncJobDeleted
 * only. SyncRequested (on the same topic) and the ticks queue sync runs: they are work, not this projection, and are
 * not replayed, so no run is queued again. Replaying a deletion cancels nothing: a deleted sync job has no queued run
 * left. The sync runs are history and are not touched.
 */
@ApplicationScoped
public class SyncJobRebuild {
    private static final Set<String> FOLDED = Set.of(EventTypes.SYNC_JOB_CREATED, EventTypes.SYNC_JOB_DELETED);

    @Inject
    SyncEventHandler live;
    @ConfigProperty(name = "mp.messaging.incoming.job-events.group.id")
    String group;

    public Projection projection() {
        return new Projection("sync-service", List.of(Topics.JOB_EVENTS), group, SyncEventHandler.CONSUMER,
                List.of(new Projection.Table("sync_job", "id")), (event, partition) -> live.handle(event),
                event -> FOLDED.contains(event.type()));
    }
}
