package io.ironcore.jobs.service;

import io.ironcore.calendar.CalendarEvent;
import io.ironcore.calendar.CalendarSyntaxException;
import io.ironcore.datastore.Namespace;
import io.ironcore.events.job.SourceFilter;
import io.ironcore.events.run.RunAction;
import io.ironcore.jobs.DatastoreEntry;
import io.ironcore.jobs.DatastoreNamespace;
import io.ironcore.jobs.NotificationGroup;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.access.Project;
import io.ironcore.jobs.service.errors.DomainException;
import io.ironcore.jobs.service.errors.FieldError;
import io.ironcore.retention.RetentionPolicy;
import io.ironcore.retention.RetentionSyntaxException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The checks of a job that need the inventory, the registry or the parsers: every error of the request is
 * reported at once, each with its field. Attaching a notification group is for project administrators only.
 */
@ApplicationScoped
public class JobValidator {
    /** What the checks look up: the service's database, or the maps of a unit test. */
    interface Lookup {
        Workload workload(String id);

        DatastoreEntry datastore(String name);

        boolean namespaceExists(String datastore, String namespace);

        boolean notificationGroupExists(String project, String name);

        boolean projectExists(String name);
    }

    /** The database, through the entities. */
    static final Lookup DATABASE = new Lookup() {
        @Override
        public Workload workload(String id) {
            return Workload.findById(id);
        }

        @Override
        public DatastoreEntry datastore(String name) {
            return DatastoreEntry.findById(name);
        }

        @Override
        public boolean namespaceExists(String datastore, String namespace) {
            return DatastoreNamespace.exists(datastore, namespace);
        }

        @Override
        public boolean notificationGroupExists(String project, String name) {
            return NotificationGroup.find(project, name) != null;
        }

        @Override
        public boolean projectExists(String name) {
            return Project.findById(name) != null;
        }
    };

    private final Lookup lookup;

    public JobValidator() {
        this(DATABASE);
    }

    JobValidator(Lookup lookup) {
        this.lookup = lookup;
    }

    /** @param previousGroup the job's notification group before this change (null for a new job) */
    public void validate(Caller caller, String project, JobInput r, String previousGroup) {
        List<FieldError> errors = new ArrayList<>();
        sources(caller, project, r, errors);
        datastore(project, r, errors);
        if (r.schedule() != null && !r.schedule().isBlank()) {
            try {
                CalendarEvent.parse(r.schedule().trim());
            } catch (CalendarSyntaxException e) {
                errors.add(new FieldError("schedule", e.getMessage()));
            }
        }
        if (r.timezone() != null) {
            try {
                ZoneId.of(r.timezone());
            } catch (DateTimeException e) {
                errors.add(new FieldError("timezone", "unknown time zone '" + r.timezone() + "'"));
            }
        }
        if (r.rpo() != null && !r.rpo().isBlank()) {
            try {
                Rpo.parse(r.rpo());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("rpo", e.getMessage()));
            }
        }
        if (r.retention() != null && !r.retention().isBlank()) {
            try {
                RetentionPolicy.parse(r.retention());
            } catch (RetentionSyntaxException e) {
                errors.add(new FieldError("retention", e.getMessage()));
            }
        }
        if (r.notificationGroup() != null && !Objects.equals(r.notificationGroup(), previousGroup)) {
            if (!caller.isProjectAdmin(project)) {
                throw DomainException.forbidden("notificationGroup",
                        "only project administrators attach notification groups");
            }
            if (!lookup.notificationGroupExists(project, r.notificationGroup())) {
                errors.add(new FieldError("notificationGroup", "unknown notification group '"
                        + r.notificationGroup() + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw DomainException.invalid(errors);
        }
    }

    private void sources(Caller caller, String project, JobInput r, List<FieldError> errors) {
        List<String> ids = r.sourceIds() == null ? List.of() : r.sourceIds();
        List<SourceFilter> include = r.include() == null ? List.of() : r.include();
        boolean backup = r.action() == null || RunAction.BACKUP.wire().equals(r.action()); // checked at the edge
        if (ids.isEmpty() && include.isEmpty() && backup) {
            errors.add(new FieldError("sourceIds", "select at least one workload: give source ids or an include "
                    + "filter"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (!seen.add(id)) {
                errors.add(new FieldError("sourceIds[" + i + "]", "workload " + id + " is listed twice"));
                continue;
            }
            Workload w = lookup.workload(id);
            if (w == null || !w.project.equals(project)) {
                errors.add(new FieldError("sourceIds[" + i + "]", "unknown workload '" + id + "'"));
            }
        }
        filters("include", include, caller, errors);
        ownProject(include, caller, project, errors);
        filters("exclude", r.exclude() == null ? List.of() : r.exclude(), caller, errors);
    }

    /**
     * A job selects only workloads of its own project: an Include filter naming another project is refused (as an
     * unknown project when the caller cannot see it, so its existence is not revealed).
     */
    private void ownProject(List<SourceFilter> include, Caller caller, String project,
                                   List<FieldError> errors) {
        for (int i = 0; i < include.size(); i++) {
            SourceFilter f = include.get(i);
            if (f.project() != null && f.name() == null && f.tag() == null && !f.project().equals(project)
                    && caller.canSee(f.project()) && lookup.projectExists(f.project())) {
                errors.add(new FieldError("include[" + i + "].project",
                        "a job selects only workloads of its own project"));
            }
        }
    }

    /** Checks Include/Exclude filters alone (the preview of sources before a job is saved). */
    public void validateFilters(Caller caller, List<SourceFilter> include, List<SourceFilter> exclude) {
        List<FieldError> errors = new ArrayList<>();
        filters("include", include == null ? List.of() : include, caller, errors);
        filters("exclude", exclude == null ? List.of() : exclude, caller, errors);
        if (!errors.isEmpty()) {
            throw DomainException.invalid(errors);
        }
    }

    private void filters(String field, List<SourceFilter> filters, Caller caller, List<FieldError> errors) {
        for (int i = 0; i < filters.size(); i++) {
            SourceFilter f = filters.get(i);
            String at = field + "[" + i + "]";
            int set = (f.name() == null ? 0 : 1) + (f.tag() == null ? 0 : 1) + (f.project() == null ? 0 : 1);
            if (set != 1) {
                errors.add(new FieldError(at, "give exactly one of name, tag or project"));
            } else if (f.name() != null && !f.name().matches("[A-Za-z0-9._*?-]{1,128}")) {
                errors.add(new FieldError(at + ".name", "a name glob is 1 to 128 letters, digits, '.', '_', '-', "
                        + "'*' or '?'"));
            } else if (f.tag() != null && (f.tag().isBlank() || f.tag().length() > 64)) {
                errors.add(new FieldError(at + ".tag", "a tag is 1 to 64 characters"));
            } else if (f.project() != null && (!caller.canSee(f.project()) || !lookup.projectExists(f.project()))) {
                errors.add(new FieldError(at + ".project", "unknown project '" + f.project() + "'"));
            }
        }
    }

    private void datastore(String project, JobInput r, List<FieldError> errors) {
        DatastoreEntry ds = lookup.datastore(r.datastore());
        if (ds == null || !ds.allows(project)) {
            errors.add(new FieldError("datastore", ds == null ? "unknown datastore '" + r.datastore() + "'"
                    : "project " + project + " may not write to datastore '" + r.datastore() + "'"));
            return;
        }
        String ns = r.namespace() == null ? "" : r.namespace();
        try {
            Namespace.parse(ns);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("namespace", e.getMessage()));
            return;
        }
        if (!lookup.namespaceExists(ds.name, ns)) {
            errors.add(new FieldError("namespace", "namespace '" + ns + "' does not exist in datastore '"
                    + ds.name + "'"));
        }
    }
}
