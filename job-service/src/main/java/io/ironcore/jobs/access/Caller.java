package io.ironcore.jobs.access;

import io.quarkus.security.identity.SecurityIdentity;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling: the user, whether a system administrator, and the role in each of the user's projects (as its
 * text, {@link ProjectMember.Role#value()}). Built once per request by the identity provider and carried as an
 * attribute of the {@link SecurityIdentity}.
 */
public record Caller(String user, boolean systemAdmin, Map<String, String> projects) {
    public static final String ATTRIBUTE = "ironcore.caller";
    public static final String SYSTEM_ADMIN_ROLE = "system-admin";

    public static Caller of(SecurityIdentity identity) {
        Caller c = identity.getAttribute(ATTRIBUTE);
        if (c == null) {
            throw new IllegalStateException("not an Ironcore identity");
        }
        return c;
    }

    /** Members see a project; system administrators see every project. */
    public boolean canSee(String project) {
        return systemAdmin || projects.containsKey(project);
    }

    public boolean isProjectAdmin(String project) {
        return systemAdmin || ProjectMember.Role.ADMIN.value().equals(projects.get(project));
    }

    public Set<String> visibleProjects() {
        return new TreeSet<>(projects.keySet());
    }
}
