package io.ironcore.sync.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.events.sync.SyncJobCreated;
import io.ironcore.sync.SyncJobConfig;
import io.ironcore.sync.SyncRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Keeps the sync jobs job-service publishes, and queues one sync run per tick of a sync job (the tick id is the run
 * id, so a tick delivered twice queues one run). The runs themselves are done by {@link io.ironcore.sync.service.SyncRunner},
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
        if (EventTypes.SYNC_JOB_CREATED.equals(event.type())) {
            if (inbox.firstDelivery(CONSUMER, event)) {
                syncJob(EventJson.read(event.data(), SyncJobCreated.class));
            }
        } else if (EventTypes.SCHEDULE_TICK.equals(event.type())) {
            ScheduleTick t = EventJson.read(event.data(), ScheduleTick.class);
            if (ScheduleTick.KIND_SYNC.equals(t.kind()) && inbox.firstDelivery(CONSUMER, event)) {
                tick(t);
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
        j.persist();
    }

    private void tick(ScheduleTick t) {
        SyncJobConfig j = SyncJobConfig.findById(t.jobId());
        if (j == null) {
            LOG.warnf("tick %s: sync job %s unknown here; nothing to do", t.tickId(), t.jobId());
            return;
        }
        if (SyncRun.findById(t.tickId()) != null) {
            return;
        }
        SyncRun r = new SyncRun();
        r.id = t.tickId();
        r.syncJobId = j.id;
        r.state = SyncRun.QUEUED;
        r.scheduledFor = t.scheduledFor();
        r.queuedAt = clock.instant();
        r.persist();
    }
}
