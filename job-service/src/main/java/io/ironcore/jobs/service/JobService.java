package io.ironcore.jobs.service;

import io.ironcore.eventing.outbox.Outbox;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobSpec;
import io.ironcore.jobs.Datastore;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.rest.ApiException;
import io.ironcore.jobs.rest.JobRequest;
import io.ironcore.jobs.rest.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Creates and changes jobs. Each change appends its event to the outbox in the same transaction. */
@ApplicationScoped
public class JobService {
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;

    @Transactional
    public Job create(String project, JobRequest r) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (Datastore.findById(r.datastore()) == null) {
            errors.add(new Problem.FieldError("datastore", "unknown datastore '" + r.datastore() + "'"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < r.sourceIds().size(); i++) {
            String id = r.sourceIds().get(i);
            if (!seen.add(id)) {
                errors.add(new Problem.FieldError("sourceIds[" + i + "]", "workload " + id + " is listed twice"));
            } else if (Workload.findById(id) == null) {
                errors.add(new Problem.FieldError("sourceIds[" + i + "]", "unknown workload '" + id + "'"));
            }
        }
        String timezone = r.timezone() == null ? "UTC" : r.timezone();
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError("timezone", "unknown time zone '" + timezone + "'"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        if (Job.findByName(project, r.name()).isPresent()) {
            throw ApiException.conflict("name", "a job named " + r.name() + " exists already");
        }
        Instant now = clock.instant();
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.project = project;
        job.name = r.name();
        job.description = r.description();
        job.type = r.type() == null ? "vm" : r.type();
        job.sourceIds = List.copyOf(r.sourceIds());
        job.datastore = r.datastore();
        job.namespace = r.namespace() == null ? "" : r.namespace();
        job.mode = r.mode() == null ? JobSpec.MODE_INCREMENTAL : r.mode();
        job.schedule = blankToNull(r.schedule());
        job.timezone = timezone;
        job.retention = blankToNull(r.retention());
        job.notificationMode = r.notificationMode() == null ? "always" : r.notificationMode();
        job.notificationGroup = r.notificationGroup();
        job.enabled = r.enabled() == null || r.enabled();
        job.version = 1;
        job.createdAt = now;
        job.updatedAt = now;
        job.persist();
        outbox.append(job.id.toString(), "jobs/" + job.id,
                new JobCreated(job.id.toString(), job.name, job.project, job.spec(), now));
        return job;
    }

    public Job require(String project, String name) {
        return Job.findByName(project, name).orElseThrow(() -> ApiException.notFound("job " + name));
    }

    public List<Job> list(String project) {
        return Job.list("project = ?1 order by name", project);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
