package io.ironcore.jobs.service;

import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.access.Project;
import io.ironcore.jobs.service.errors.DomainException;

import java.util.List;
import java.util.Set;

/** Which project a request acts in. */
public final class Projects {
    public static final String DEFAULT = Project.DEFAULT;

    private Projects() {
    }

    /**
     * The named project if the caller may see it (else 404, so its existence is not revealed); without a name, the
     * caller's only project, or the default project.
     */
    public static String resolve(Caller caller, String requested) {
        if (requested != null && !requested.isBlank()) {
            if (!caller.canSee(requested) || (caller.systemAdmin() && Project.findById(requested) == null)) {
                throw DomainException.notFound("project " + requested);
            }
            return requested;
        }
        Set<String> mine = caller.visibleProjects();
        if (mine.size() == 1) {
            return mine.iterator().next();
        }
        if (caller.canSee(DEFAULT)) {
            return DEFAULT;
        }
        if (mine.isEmpty()) {
            throw DomainException.notFound("project");
        }
        throw DomainException.invalid("project", "you belong to several projects (" + String.join(", ", mine)
                + "); name one with ?project=");
    }

    /** Every project the caller sees. */
    public static List<String> visible(Caller caller) {
        if (caller.systemAdmin()) {
            return Project.<Project>listAll().stream().map(p -> p.name).sorted().toList();
        }
        return List.copyOf(caller.visibleProjects());
    }
}
