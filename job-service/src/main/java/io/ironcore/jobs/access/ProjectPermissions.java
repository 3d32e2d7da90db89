package io.ironcore.jobs.access;

import io.quarkus.security.PermissionChecker;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.Set;

/**
 * The permissions of the API, used with {@code @PermissionsAllowed}; the {@code project} argument is the secured
 * method's {@code project} parameter (absent: the caller's default project). On resources marked
 * {@code @NotFoundWhenForbidden}, a denial answers 404 when the caller may not see the project at all, so a member
 * of project A never learns whether project B, or anything in it, exists.
 */
@ApplicationScoped
public class ProjectPermissions {
    /** The caller is a member (or administrator) of the project. */
    @PermissionChecker("project-member")
    boolean isMember(SecurityIdentity identity, String project) {
        return project == null || Caller.of(identity).canSee(project);
    }

    /** The caller administers the project. */
    @PermissionChecker("project-admin")
    boolean isProjectAdmin(SecurityIdentity identity, String project) {
        Caller caller = Caller.of(identity);
        return defaultProject(caller, project).map(caller::isProjectAdmin).orElse(false);
    }

    /** The caller is that user, or a system administrator. */
    @PermissionChecker("self")
    boolean isSelf(SecurityIdentity identity, String user) {
        Caller caller = Caller.of(identity);
        return caller.systemAdmin() || caller.user().equals(user);
    }

    /** The caller manages projects, users and datastores. */
    @PermissionChecker("system-admin")
    boolean isSystemAdmin(SecurityIdentity identity) {
        return Caller.of(identity).systemAdmin();
    }

    static Optional<String> defaultProject(Caller caller, String project) {
        if (project != null) {
            return Optional.of(project);
        }
        Set<String> mine = caller.visibleProjects();
        if (mine.size() == 1) {
            return Optional.of(mine.iterator().next());
        }
        return caller.canSee(Project.DEFAULT) ? Optional.of(Project.DEFAULT) : Optional.empty();
    }
}
