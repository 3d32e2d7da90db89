package io.ironcore.jobs.service;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.compliance.RpoState;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.events.job.JobDisabled;
import io.ironcore.events.job.JobEnabled;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.job.JobUpdated;
import io.ironcore.events.run.RunAction;
import io.ironcore.events.run.RunMode;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.service.errors.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creates and changes jobs. Each change appends its event (ironcore.job-events) and the job's definition after it
 * (ironcore.job-definitions, {@link JobDefinitions}; a tombstone on delete) to the outbox in the same transaction.
 */
@ApplicationScoped
public class JobService {
    /** A page of jobs and the cursor of the next one (null on the last page). */
    public record Page(List<Job> items, String nextCursor) {
    }

    @Inject
    Outbox outbox;
    @Inject
    Clock clock;
    @Inject
    JobValidator validator;
    @Inject
    Compliance compliance;
    @Inject
    JobDefinitions definitions;

    @Transactional
    public Job create(Caller caller, String project, JobInput r) {
        validator.validate(caller, project, r, null);
        if (Job.findByName(project, r.name()).isPresent()) {
            throw DomainException.conflict("name", "a job named " + r.name() + " exists already");
        }
        Instant now = clock.instant();
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.project = project;
        job.version = 1;
        job.createdAt = now;
        apply(job, r);
        job.updatedAt = now;
        job.persist();
        outbox.append(job.id.toString(), "jobs/" + job.id,
                new JobCreated(job.id.toString(), job.name, job.project, job.spec(), now, job.version));
        definitions.publish(job);
        compliance.evaluate(job);
        return job;
    }

    /**
     * A change of a job as the REST layer reads it (a JSON merge patch): given the job as it is, the job as it is to
     * be, or an exception that refuses the change. Applied in the update's transaction, once the version is checked.
     */
    @FunctionalInterface
    public interface Change {
        JobInput apply(JobInput current);
    }

    /** Changes the job, if it is still at the version the client saw. */
    @Transactional
    public Job update(Caller caller, String project, String name, Change change, String ifMatch) {
        Job job = require(project, name);
        checkVersion(job, ifMatch, true);
        JobInput r = change.apply(input(job));
        validator.validate(caller, project, r, job.notificationGroup);
        if (!r.name().equals(job.name) && Job.findByName(project, r.name()).isPresent()) {
            throw DomainException.conflict("name", "a job named " + r.name() + " exists already");
        }
        apply(job, r);
        job.version++;
        job.updatedAt = clock.instant();
        outbox.append(job.id.toString(), "jobs/" + job.id,
                new JobUpdated(job.id.toString(), job.name, job.project, job.version, job.spec(), job.updatedAt));
        definitions.publish(job);
        compliance.evaluate(job);
        return job;
    }

    @Transactional
    public Job setEnabled(String project, String name, boolean enabled) {
        Job job = require(project, name);
        if (job.enabled == enabled) {
            return job;
        }
        job.enabled = enabled;
        job.version++;
        job.updatedAt = clock.instant();
        Object event = enabled
                ? new JobEnabled(job.id.toString(), job.name, job.project, job.version, job.updatedAt)
                : new JobDisabled(job.id.toString(), job.name, job.project, job.version, job.updatedAt);
        outbox.append(job.id.toString(), "jobs/" + job.id, event);
        definitions.publish(job);
        compliance.evaluate(job);
        return job;
    }

    /**
     * A notification group's recipients changed: every job of the project attached to it gets a new version and a
     * JobUpdated event with the new recipients (downstream services know a group only through its jobs' events).
     * Runs in the caller's transaction. Returns the jobs changed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Job> groupChanged(String project, String group) {
        List<Job> jobs = Job.attachedTo(project, group);
        Instant now = clock.instant();
        for (Job job : jobs) {
            job.version++;
            job.updatedAt = now;
            outbox.append(job.id.toString(), "jobs/" + job.id,
                    new JobUpdated(job.id.toString(), job.name, job.project, job.version, job.spec(), now));
            definitions.publish(job);
        }
        return jobs;
    }

    @Transactional
    public void delete(String project, String name, String ifMatch) {
        delete(project, name, ifMatch, JobDeleted.Orphans.KEEP.wire());
    }

    /**
     * Deletes the job; JobDeleted carries the orphan policy for its snapshots ({@code keep}: never pruned again,
     * {@code prune}: prune-service goes on pruning them with the job's last retention).
     */
    @Transactional
    public void delete(String project, String name, String ifMatch, String orphansParam) {
        JobDeleted.Orphans orphans;
        try {
            orphans = JobDeleted.Orphans.fromWire(orphansParam);
        } catch (IllegalArgumentException e) {
            orphans = null;
        }
        if (orphans == null) {
            throw DomainException.invalid("orphans", "must be keep or prune");
        }
        Job job = require(project, name);
        checkVersion(job, ifMatch, false);
        Instant now = clock.instant();
        outbox.append(job.id.toString(), "jobs/" + job.id,
                new JobDeleted(job.id.toString(), job.name, job.project, now, orphans));
        definitions.deleted(job);
        compliance.deleted(job);
        job.delete();
    }

    public Job require(String project, String name) {
        return Job.findByName(project, name).orElseThrow(() -> DomainException.notFound("job " + name));
    }

    /**
     * Jobs of the given projects in (project, name) order, optionally of one lifecycle state, and optionally only those
     * at risk (or only those not at risk) by their RPO compliance as last found.
     */
    public Page list(List<String> projects, String state, Boolean atRisk, int limit, String cursor) {
        if (projects.isEmpty()) {
            return new Page(List.of(), null);
        }
        StringBuilder q = new StringBuilder("from Job j where j.project in :projects");
        Map<String, Object> params = new HashMap<>();
        params.put("projects", projects);
        if (state != null) {
            q.append(" and ").append(Job.STATE_EXPRESSION).append(" = :state");
            params.put("state", state);
        }
        if (atRisk != null) {
            q.append(atRisk ? " and" : " and not").append(" exists (select 1 from JobCompliance c where c.jobId = j.id"
                    + " and c.state in :atRiskStates)");
            params.put("atRiskStates", Arrays.stream(RpoState.values()).filter(RpoState::atRisk).toList());
        }
        if (cursor != null) {
            String[] after = decodeCursor(cursor);
            q.append(" and (j.project > :cp or (j.project = :cp and j.name > :cn))");
            params.put("cp", after[0]);
            params.put("cn", after[1]);
        }
        q.append(" order by j.project, j.name");
        List<Job> rows = Job.find(q.toString(), params).range(0, limit - 1).list();
        boolean more = Job.find(q.toString(), params).range(limit, limit).firstResultOptional().isPresent();
        String next = more && !rows.isEmpty() ? encodeCursor(rows.get(rows.size() - 1)) : null;
        return new Page(rows, next);
    }

    private static void checkVersion(Job job, String ifMatch, boolean required) {
        if (ifMatch == null || ifMatch.isBlank()) {
            if (required) {
                throw DomainException.versionRequired("send If-Match with the job's ETag (from GET) to change it");
            }
            return;
        }
        if (!ifMatch.trim().equals("*") && !ifMatch.trim().equals(etag(job))) {
            throw DomainException.versionMismatch(
                    "job " + job.name + " changed since you read it: it is at " + etag(job) + ", not " + ifMatch.trim());
        }
    }

    public static String etag(Job job) {
        return "\"" + job.version + "\"";
    }

    private static void apply(Job job, JobInput r) {
        job.name = r.name();
        job.description = r.description();
        job.type = r.type() == null ? "vm" : r.type();
        job.sourceIds = r.sourceIds() == null ? List.of() : List.copyOf(r.sourceIds());
        job.include = r.include() == null ? List.of() : List.copyOf(r.include());
        job.exclude = r.exclude() == null ? List.of() : List.copyOf(r.exclude());
        job.datastore = r.datastore();
        job.namespace = r.namespace() == null ? "" : r.namespace();
        job.mode = r.mode() == null ? RunMode.INCREMENTAL : RunMode.fromWire(r.mode()); // checked at the edge
        job.schedule = blankToNull(r.schedule());
        job.timezone = r.timezone() == null ? "UTC" : r.timezone();
        job.retention = blankToNull(r.retention());
        job.notificationMode = r.notificationMode() == null ? "always" : r.notificationMode();
        job.notificationGroup = r.notificationGroup();
        job.enabled = r.enabled() == null || r.enabled();
        job.overlapPolicy = r.overlapPolicy() == null ? JobSpec.Overlap.SKIP
                : JobSpec.Overlap.fromWire(r.overlapPolicy());
        job.missedRunPolicy = r.missedRunPolicy() == null ? JobSpec.MissedRuns.RUN_ONCE
                : JobSpec.MissedRuns.fromWire(r.missedRunPolicy());
        job.action = RunAction.orBackup(r.action());
        job.rpoSeconds = r.rpo() == null || r.rpo().isBlank() ? null : Rpo.parse(r.rpo()).getSeconds();
    }

    /** The job as an input, the base a change applies to. */
    static JobInput input(Job j) {
        return new JobInput(j.name, j.description, j.type, new ArrayList<>(j.sourceIds), new ArrayList<>(j.include),
                new ArrayList<>(j.exclude), j.datastore, j.namespace, j.mode.wire(), j.schedule, j.timezone, j.retention,
                j.notificationMode, j.notificationGroup, j.enabled, j.overlapPolicy.wire(), j.missedRunPolicy.wire(),
                j.action == null ? null : j.action.wire(),
                j.rpoSeconds == null ? null : Rpo.format(Duration.ofSeconds(j.rpoSeconds)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static String encodeCursor(Job last) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((last.project + "\n" + last.name).getBytes(StandardCharsets.UTF_8));
    }

    static String[] decodeCursor(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                    .split("\n", -1);
            if (parts.length == 2) {
                return parts;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw DomainException.invalid("cursor", "not a cursor this API handed out");
    }
}
