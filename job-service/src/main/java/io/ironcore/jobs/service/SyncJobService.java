package io.ironcore.jobs.service;

import io.ironcore.calendar.CalendarEvent;
import io.ironcore.calendar.CalendarSyntaxException;
import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.events.sync.SyncJobCreated;
import io.ironcore.events.sync.SyncJobDeleted;
import io.ironcore.events.sync.SyncRequested;
import io.ironcore.jobs.DatastoreEntry;
import io.ironcore.jobs.DatastoreNamespace;
import io.ironcore.jobs.SnapshotCopy;
import io.ironcore.jobs.SyncJob;
import io.ironcore.jobs.service.errors.DomainException;
import io.ironcore.jobs.service.errors.FieldError;
import io.ironcore.retention.RetentionPolicy;
import io.ironcore.retention.RetentionSyntaxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sync jobs: replication of a datastore namespace to another datastore, e.g. the Backup site. Creating and deleting
 * one also appends its definition (a tombstone on delete) to ironcore.job-definitions ({@link JobDefinitions}).
 */
@ApplicationScoped
public class SyncJobService {
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;
    @Inject
    JobDefinitions definitions;

    @Transactional
    public SyncJob create(String project, SyncJobInput r) {
        List<FieldError> errors = new ArrayList<>();
        DatastoreEntry source = datastore(project, "sourceDatastore", r.sourceDatastore(), r.sourceNamespace(), errors);
        DatastoreEntry target = datastore(project, "targetDatastore", r.targetDatastore(), r.targetNamespace(), errors);
        if (source != null && source == target && nz(r.sourceNamespace()).equals(nz(r.targetNamespace()))) {
            errors.add(new FieldError("targetDatastore", "the target must differ from the source"));
        }
        try {
            CalendarEvent.parse(r.schedule());
        } catch (CalendarSyntaxException e) {
            errors.add(new FieldError("schedule", e.getMessage()));
        }
        String zone = r.timezone() == null ? "UTC" : r.timezone();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            errors.add(new FieldError("timezone", "unknown time zone '" + zone + "'"));
        }
        if (r.retention() != null) {
            try {
                RetentionPolicy.parse(r.retention());
            } catch (RetentionSyntaxException e) {
                errors.add(new FieldError("retention", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw DomainException.invalid(errors);
        }
        if (SyncJob.count("project = ?1 and name = ?2", project, r.name()) > 0) {
            throw DomainException.conflict("name", "a sync job named " + r.name() + " exists already");
        }
        SyncJob s = new SyncJob();
        s.id = UUID.randomUUID();
        s.project = project;
        s.name = r.name();
        s.sourceDatastore = source.name;
        s.sourceNamespace = nz(r.sourceNamespace());
        s.targetDatastore = target.name;
        s.targetNamespace = nz(r.targetNamespace());
        s.schedule = r.schedule().trim();
        s.timezone = zone;
        s.retention = r.retention();
        s.enabled = true;
        s.version = 1;
        s.createdAt = clock.instant();
        s.persist();
        outbox.append(s.id.toString(), "sync-jobs/" + s.id, new SyncJobCreated(s.id.toString(), s.name, project,
                new DatastoreRef(source.name, source.path), s.sourceNamespace, new DatastoreRef(target.name,
                target.path), s.targetNamespace, s.schedule, s.timezone, s.retention, s.enabled, s.createdAt));
        definitions.publish(s);
        return s;
    }

    /** Deletes a sync job: it ticks no more and its queued runs are cancelled; its copies stay in the target. */
    @Transactional
    public void delete(String project, String name) {
        SyncJob s = find(project, name);
        s.delete();
        outbox.append(s.id.toString(), "sync-jobs/" + s.id, new SyncJobDeleted(s.id.toString(), s.name, project,
                clock.instant()));
        definitions.deleted(s);
    }

    /** Run Now: queues a sync run besides the schedule's; returns its id ({@code syncJobId@now}, to the second). */
    @Transactional
    public String runNow(String project, String name, String user) {
        SyncJob s = find(project, name);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String runId = s.id + "@" + now;
        outbox.append(s.id.toString(), "sync-jobs/" + s.id, new SyncRequested(runId, s.id.toString(), s.name, project,
                user, now));
        return runId;
    }

    /** The project's sync jobs by name. */
    public List<SyncJob> list(String project) {
        return SyncJob.list("project = ?1 order by name", project);
    }

    /** The project's sync job of that name. */
    @Transactional
    public SyncJob get(String project, String name) {
        return find(project, name);
    }

    /** The copies the sync job made, newest first; {@code all}: with those its target's retention removed. */
    @Transactional
    public List<SnapshotCopy> copies(String project, String name, boolean all) {
        SyncJob s = find(project, name);
        return SnapshotCopy.list("syncJobId = ?1" + (all ? "" : " and removedAt is null")
                + " order by snapshotId desc", s.id);
    }

    private static SyncJob find(String project, String name) {
        SyncJob s = SyncJob.find("project = ?1 and name = ?2", project, name).firstResult();
        if (s == null) {
            throw DomainException.notFound("sync job " + name);
        }
        return s;
    }

    private static DatastoreEntry datastore(String project, String field, String name, String ns, List<FieldError> errors) {
        DatastoreEntry d = DatastoreEntry.findById(name);
        if (d == null || !d.allows(project)) {
            errors.add(new FieldError(field, "unknown datastore '" + name + "'"));
            return null;
        }
        if (!DatastoreNamespace.exists(name, nz(ns))) {
            errors.add(new FieldError(field.replace("Datastore", "Namespace"), "namespace '" + nz(ns)
                    + "' does not exist in datastore '" + name + "'"));
        }
        return d;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
