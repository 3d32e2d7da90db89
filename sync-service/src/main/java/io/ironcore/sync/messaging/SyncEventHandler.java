package io.ironcore.sync.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.events.sync.SyncJobCreated;
import io.ironcore.events.sync.SyncJobDeleted;
import io.ironcore.events.sync.SyncRequested;
import io.ironcore.sync.SyncJobConfig;
import io.ironcore.sync.SyncRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Keeps the sync jobs job-service publishes, and queues one sync run per tick of a sync job and per Run Now (the tick
 * id or the request's run id is the run id, so an event delivered twice queues one run). The runs themselves are done by {@link io.ironcore.sync.service.SyncRunner},
 * outside the consumer: a sync may copy for longer than a consumer may stay away from the broker.
 */
@ApplicationScoped
public class SyncEventHandler {
    static final String CONSUMER = "sync-service.inputs";
    private static final Logger LOG = Logger.getLogger(SyncEventHandler.class);

    @Inject
    Inbox inbox;
    @Inject
    Clock clock;

    @Transactional
    public void handle(CloudEvent event) {
        switch (event.type()) {
            case EventTypes.SYNC_JOB_CREATED -> {
                if (inbox.firstDelivery(CONSUMER, event)) {
                    syncJob(EventJson.read(event.data(), SyncJobCreated.class));
                }
            }
            case EventTypes.SYNC_JOB_DELETED -> {
                if (inbox.firstDelivery(CONSUMER, event)) {
                    deleted(EventJson.read(event.data(), SyncJobDeleted.class));
                }
            }
            case EventTypes.SYNC_REQUESTED -> {
                if (inbox.firstDelivery(CONSUMER, event)) {
                    SyncRequested r = EventJson.read(event.data(), SyncRequested.class);
                    queue(r.syncJobId(), r.syncRunId(), r.requestedAt());
                }
            }
            case EventTypes.SCHEDULE_TICK -> {
                ScheduleTick t = EventJson.read(event.data(), ScheduleTick.class);
                if (t.kind() == ScheduleTick.Kind.SYNC && inbox.firstDelivery(CONSUMER, event)) {
                    queue(t.jobId(), t.tickId(), t.scheduledFor());
                }
            }
            default -> {
            }
        }
    }

    private void syncJob(SyncJobCreated e) {
        SyncJobConfig j = SyncJobConfig.findById(e.syncJobId());
        if (j == null) {
            j = new SyncJobConfig();
            j.id = e.syncJobId();
        }
        j.name = e.name();
        j.project = e.project();
        j.sourceName = e.source().name();
        j.sourcePath = e.source().path();
        j.sourceNamespace = e.sourceNamespace() == null ? "" : e.sourceNamespace();
        j.targetName = e.target().name();
        j.targetPath = e.target().path();
        j.targetNamespace = e.targetNamespace() == null ? "" : e.targetNamespace();
        j.retention = e.retention();
        j.timezone = e.timezone() == null ? "UTC" : e.timezone();
        j.enabled = e.enabled();
        j.allProjects = e.spansAllProjects();
        j.persist();
    }

    /**
     * A deleted sync job ticks no more (the scheduler drops it) and its queued runs are cancelled; a run that is
     * copying finishes. The row stays, disabled, for the runs that name it.
     */
    private void deleted(SyncJobDeleted e) {
        SyncJobConfig j = SyncJobConfig.findById(e.syncJobId());
        if (j != null) {
            j.enabled = false;
        }
        SyncRun.update("state = ?1, reason = ?2, finishedAt = ?3 where syncJobId = ?4 and state = ?5",
                SyncRun.State.CANCELLED, "sync job deleted", e.deletedAt(), e.syncJobId(), SyncRun.State.QUEUED);
    }

    /** Queues a run of a known, not deleted sync job, once per run id (a tick's id, or a Run Now's). */
    private void queue(String syncJobId, String runId, Instant scheduledFor) {
        SyncJobConfig j = SyncJobConfig.findById(syncJobId);
        if (j == null || !j.enabled) {
            LOG.warnf("sync run %s: sync job %s %s here; nothing to do", runId, syncJobId,
                    j == null ? "unknown" : "deleted");
            return;
        }
        if (SyncRun.findById(runId) != null) {
            return;
        }
        SyncRun r = new SyncRun();
        r.id = runId;
        r.syncJobId = j.id;
        r.state = SyncRun.State.QUEUED;
        r.scheduledFor = scheduledFor;
        r.queuedAt = clock.instant();
        r.persist();
    }
}
