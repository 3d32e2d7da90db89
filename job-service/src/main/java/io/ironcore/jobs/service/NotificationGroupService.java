package io.ironcore.jobs.service;

import io.ironcore.jobs.Job;
import io.ironcore.jobs.NotificationGroup;
import io.ironcore.jobs.service.errors.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;

/** A project's notification groups: where the notifications of the jobs attached to them go. */
@ApplicationScoped
public class NotificationGroupService {
    @Inject
    Clock clock;
    @Inject
    JobService jobs;

    @Transactional
    public NotificationGroup create(String project, NotificationGroupInput r) {
        if (NotificationGroup.find(project, r.name()) != null) {
            throw DomainException.conflict("name", "notification group " + r.name() + " exists already");
        }
        NotificationGroup g = new NotificationGroup();
        g.project = project;
        g.name = r.name();
        g.targets = r.targets() == null ? List.of() : List.copyOf(r.targets());
        g.createdAt = clock.instant();
        g.persist();
        return g;
    }

    /** The project's groups by name. */
    public List<NotificationGroup> list(String project) {
        return NotificationGroup.list("project = ?1 order by name", project);
    }

    /**
     * Replaces a group's recipients. The jobs attached to it get a new version (their ETags change) and a JobUpdated
     * event carrying the new recipients, in the same transaction.
     */
    @Transactional
    public NotificationGroup replaceTargets(String project, String name, List<String> targets) {
        NotificationGroup g = find(project, name);
        g.targets = List.copyOf(targets);
        jobs.groupChanged(project, name);
        return g;
    }

    /** Deletes a group that no job is attached to (a conflict names the jobs that still are). */
    @Transactional
    public void delete(String project, String name) {
        NotificationGroup g = find(project, name);
        List<String> users = Job.attachedTo(project, name).stream().map(j -> j.name).toList();
        if (!users.isEmpty()) {
            throw DomainException.conflict("name", "notification group " + name + " is attached to "
                    + String.join(", ", users) + "; detach it from them first");
        }
        g.delete();
    }

    private static NotificationGroup find(String project, String name) {
        NotificationGroup g = NotificationGroup.find(project, name);
        if (g == null) {
            throw DomainException.notFound("notification group " + name);
        }
        return g;
    }
}
