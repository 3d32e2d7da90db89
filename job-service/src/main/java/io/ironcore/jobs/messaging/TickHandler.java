package io.ironcore.jobs.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSkipped;
import io.ironcore.events.schedule.ScheduleTick;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Run;
import io.ironcore.jobs.metrics.MetricTotals;
import io.ironcore.jobs.service.errors.DomainException;
import io.ironcore.jobs.service.RunService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.UUID;

/**
 * Turns a backup job's tick into a run, once per tick id. A job never runs twice at once: while its previous run
 * is queued or running, the slot is recorded as a Skipped run with the reason (policy skip, the default), or one run
 * waits behind it (policy queue; a second one waiting is skipped).
 */
@ApplicationScoped
public class TickHandler {
    /** The inbox's consumer name is the channel's Kafka group id. */
    @ConfigProperty(name = "mp.messaging.incoming.ticks.group.id")
    String consumer;
    private static final Logger LOG = Logger.getLogger(TickHandler.class);

    @Inject
    Inbox inbox;
    @Inject
    RunService runs;
    @Inject
    Clock clock;
    @Inject
    Outbox outbox;
    @Inject
    MetricTotals totals;

    @Transactional
    public void handle(CloudEvent event) {
        if (!EventTypes.SCHEDULE_TICK.equals(event.type())) {
            return;
        }
        ScheduleTick tick = EventJson.read(event.data(), ScheduleTick.class);
        if (tick.kind() != ScheduleTick.Kind.JOB || !inbox.firstDelivery(consumer, event)) {
            return;
        }
        if (Run.count("tickId", tick.tickId()) > 0) {
            return;
        }
        UUID jobId = Ids.uuidOrNull(tick.jobId());
        Job job = jobId == null ? null : Job.findById(jobId);
        if (job == null || !job.enabled) {
            LOG.debugf("tick %s: job gone or paused, nothing to run", tick.tickId());
            return;
        }
        Run last = job.lastRunId == null ? null : Run.findById(job.lastRunId);
        boolean busy = last != null && !last.state.terminal();
        if (busy && (job.overlapPolicy == JobSpec.Overlap.SKIP || last.state == Run.State.Queued
                && last.trigger == RunRequested.Trigger.SCHEDULE)) {
            boolean overlap = job.overlapPolicy == JobSpec.Overlap.SKIP;
            String reason = overlap
                    ? "previous run " + last.id + " was still " + last.state.name().toLowerCase()
                    : "a scheduled run (" + last.id + ") is waiting already";
            skipped(job, tick, overlap ? RunSkipped.Reason.OVERLAP : RunSkipped.Reason.ALREADY_WAITING, reason);
            return;
        }
        try {
            runs.scheduled(job, tick.tickId());
        } catch (DomainException e) {
            String field = e.errors().isEmpty() ? "" : e.errors().get(0).field();
            RunSkipped.Reason why = switch (field) {
                case "sourceIds" -> RunSkipped.Reason.NO_WORKLOADS;
                case "datastore" -> RunSkipped.Reason.DATASTORE_MISSING;
                default -> RunSkipped.Reason.NOT_RUNNABLE;
            };
            skipped(job, tick, why, e.getMessage());
        }
    }

    /**
     * The slot is recorded as a Skipped run, published as RunSkipped with the reason, and counted, in the tick's
     * transaction.
     */
    private void skipped(Job job, ScheduleTick tick, RunSkipped.Reason why, String reason) {
        Run run = new Run();
        run.id = UUID.randomUUID();
        run.jobId = job.id;
        run.jobName = job.name;
        run.trigger = RunRequested.Trigger.SCHEDULE;
        run.action = job.action;
        run.datastore = job.datastore;
        run.tickId = tick.tickId();
        run.state = Run.State.Skipped;
        run.requestedAt = clock.instant();
        run.finishedAt = run.requestedAt;
        run.reason = reason;
        run.persist();
        outbox.append(job.id.toString(), "jobs/" + job.id, new RunSkipped(run.id.toString(), job.id.toString(),
                job.name, job.project, tick.tickId(), tick.scheduledFor(), run.finishedAt, why, reason));
        totals.runFinished(job.id, job.action.wire(), job.mode.wire(), Run.State.Skipped.name());
    }
}
