package io.ironcore.jobs.messaging;

import io.ironcore.eventing.inbox.Inbox;
import io.ironcore.eventing.rebuild.Projection;
import io.ironcore.eventing.rebuild.RebuildResult;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.MalformedEventException;
import io.ironcore.events.Topics;
import io.ironcore.events.run.RunAction;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSkipped;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Run;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The run history as a projection of the log, for {@code ironcore-backup admin rebuild --service job-service}: the
 * {@code run} rows from {@link Topics#RUN_REQUESTS} (a RunRequested is the Queued run RunService or TickHandler
 * created when they published it) and {@link Topics#RUN_EVENTS} (a RunSkipped is the Skipped run TickHandler
 * created; the workers' events go through {@link RunHistoryHandler#apply}, the live handler's own rules), and the
 * {@code run_notification} rows from {@link Topics#NOTIFICATION_EVENTS} ({@link NotificationEventConsumer#apply}).
 * <p>
 * A replay publishes nothing and counts nothing: the totals behind the metrics, the job (its last run, last success,
 * compliance) and the snapshot catalog are not written, so the metrics read the same after a replace. The columns
 * no event carries, {@code idempotency_key} and {@code requested_by} (Run Now's request), are the service's own:
 * a rebuilt row keeps the live row's. The topics are read partition by partition, not in one order across them:
 * a run event read before its run's RunRequested waits for it, and one of a run never requested is ignored, as live.
 */
@ApplicationScoped
public class RunHistoryRebuild {
    public static final String SERVICE = "job-service";

    @Inject
    RunHistoryHandler history;
    @Inject
    NotificationEventConsumer notifications;
    @Inject
    Inbox inbox;
    @Inject
    EntityManager em;

    public Projection projection() {
        Replay replay = new Replay();
        return new Projection(SERVICE, List.of(Topics.RUN_REQUESTS, Topics.RUN_EVENTS, Topics.NOTIFICATION_EVENTS),
                RunHistoryHandler.CONSUMER, RunHistoryHandler.CONSUMER,
                List.of(new Projection.Table("run", "id", List.of("idempotency_key", "requested_by")),
                        new Projection.Table("run_notification", "notification_id")),
                (event, partition) -> replay.handle(event), e -> true);
    }

    /**
     * The runs of a compare that the live history has and the log does not (a replace would delete them), as far as
     * the result shows its differences; "more" when it shows only some of them.
     */
    public static List<String> unexplainedRuns(RebuildResult compared) {
        List<String> runs = new ArrayList<>(compared.differences().stream()
                .filter(d -> "run".equals(d.table()) && d.rebuilt() == null).map(RebuildResult.Difference::key)
                .toList());
        if (compared.differencesFound() > compared.differences().size()) {
            runs.add("perhaps more: " + (compared.differencesFound() - compared.differences().size())
                    + " differences not shown");
        }
        return runs;
    }

    /** One rebuild's replay: the run events waiting for their run's RunRequested. */
    private final class Replay {
        private final Map<String, List<CloudEvent>> waiting = new HashMap<>();

        void handle(CloudEvent event) {
            try {
                if (EventTypes.RUN_REQUESTED.equals(event.type())) {
                    requested(EventJson.read(event.data(), RunRequested.class));
                } else if (NotificationEventConsumer.outcome(event)) {
                    notifications.apply(event);
                } else {
                    runEvent(event);
                }
            } catch (MalformedEventException e) {
                // the live consumer sent it to the dead-letter topic without handling it
            }
        }

        /** As {@link RunHistoryHandler#handle}: recorded in its inbox, once per event id. */
        private void runEvent(CloudEvent event) {
            RunSkipped skipped = EventTypes.RUN_SKIPPED.equals(event.type())
                    ? EventJson.read(event.data(), RunSkipped.class) : null;
            String runId = skipped != null ? null : RunHistoryHandler.runIdOf(event);
            if (runId != null) {
                uuid(runId); // not a UUID: the live handler dead-lettered it before its inbox
            }
            if (!inbox.firstDelivery(RunHistoryHandler.CONSUMER, event)) {
                return;
            }
            if (skipped != null) {
                skipped(skipped);
            } else if (runId != null && Run.findById(uuid(runId)) == null) {
                waiting.computeIfAbsent(runId, k -> new ArrayList<>()).add(event);
            } else {
                history.apply(event, false);
            }
        }

        /** The Queued run as {@code RunService.request} created it. */
        private void requested(RunRequested e) {
            UUID id = uuid(e.runId());
            if (Run.findById(id) != null) {
                return;
            }
            Run run = new Run();
            run.id = id;
            run.jobId = uuid(e.jobId());
            run.jobName = e.jobName();
            run.trigger = e.trigger();
            run.tickId = e.tickId();
            run.state = Run.State.Queued;
            run.requestedAt = e.requestedAt();
            run.action = e.action();
            run.datastore = e.datastore() == null ? null : e.datastore().name();
            persist(run, e.project());
            List<CloudEvent> after = waiting.remove(e.runId());
            if (after != null) {
                after.forEach(event -> history.apply(event, false));
            }
        }

        /**
         * The Skipped run as {@code TickHandler.skipped} created it. RunSkipped carries no action or datastore: they
         * are the job's (of a job deleted since, unknown: backup, the column's default, and none).
         */
        private void skipped(RunSkipped e) {
            UUID id = uuid(e.runId());
            if (Run.findById(id) != null) {
                return;
            }
            Run run = new Run();
            run.id = id;
            run.jobId = uuid(e.jobId());
            run.jobName = e.jobName();
            run.trigger = RunRequested.Trigger.SCHEDULE;
            run.tickId = e.tickId();
            run.state = Run.State.Skipped;
            run.requestedAt = e.skippedAt();
            run.finishedAt = e.skippedAt();
            run.reason = e.detail();
            Job job = Job.findById(run.jobId);
            run.action = job == null ? RunAction.BACKUP : job.action;
            run.datastore = job == null ? null : job.datastore;
            persist(run, e.project());
        }

        /**
         * The database gives a run its job's project (trigger run_project); a job deleted or moved since keeps the
         * project the event carries.
         */
        private void persist(Run run, String project) {
            Job job = Job.findById(run.jobId);
            if (job != null && (project == null || project.equals(job.project))) {
                run.persist();
                return;
            }
            run.persistAndFlush();
            em.createNativeQuery("UPDATE run SET project = ?1 WHERE id = ?2").setParameter(1, project)
                    .setParameter(2, run.id).executeUpdate();
        }
    }

    private static UUID uuid(String id) {
        UUID u = Ids.uuidOrNull(id);
        if (u == null) {
            throw new MalformedEventException("not a UUID: " + id);
        }
        return u;
    }
}
