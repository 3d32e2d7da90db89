package io.ironcore.jobs.service;

import io.ironcore.jobs.access.ApiToken;
import io.ironcore.jobs.access.AppUser;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.access.Project;
import io.ironcore.jobs.access.ProjectMember;
import io.ironcore.jobs.service.errors.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Projects, users, memberships and API tokens. */
@ApplicationScoped
public class AccessService {
    /** A token just created: the only moment its secret is known. */
    public record NewToken(ApiToken token, String secret) {
    }

    /** A project as the caller sees it: its description (null if it is not in the table) and the caller's role. */
    public record VisibleProject(String name, String description, String role) {
    }

    @Inject
    Clock clock;

    /** Every project the caller sees, with the caller's role in it (none for a system administrator's others). */
    public List<VisibleProject> visibleProjects(Caller caller) {
        return Projects.visible(caller).stream().map(name -> {
            Project p = Project.findById(name);
            return new VisibleProject(name, p == null ? null : p.description, caller.projects().get(name));
        }).toList();
    }

    @Transactional
    public Project createProject(String name, String description) {
        if (Project.findById(name) != null) {
            throw DomainException.conflict("name", "project " + name + " exists already");
        }
        Project p = new Project();
        p.name = name;
        p.description = description;
        p.createdAt = clock.instant();
        p.persist();
        return p;
    }

    @Transactional
    public AppUser createUser(String name, boolean systemAdmin) {
        if (AppUser.findById(name) != null) {
            throw DomainException.conflict("name", "user " + name + " exists already");
        }
        AppUser u = new AppUser();
        u.name = name;
        u.systemAdmin = systemAdmin;
        u.createdAt = clock.instant();
        u.persist();
        return u;
    }

    @Transactional
    public ProjectMember setMember(String project, String user, ProjectMember.Role role) {
        if (Project.findById(project) == null) {
            throw DomainException.notFound("project " + project);
        }
        if (AppUser.findById(user) == null) {
            throw DomainException.invalid("user", "unknown user '" + user + "'");
        }
        ProjectMember m = ProjectMember.findById(new ProjectMember.Key(project, user));
        if (m == null) {
            m = new ProjectMember();
            m.project = project;
            m.userName = user;
        }
        m.role = role;
        m.persist();
        return m;
    }

    @Transactional
    public NewToken createToken(String user, String name) {
        if (AppUser.findById(user) == null) {
            throw DomainException.notFound("user " + user);
        }
        String secret = ApiToken.newSecret();
        ApiToken t = new ApiToken();
        t.id = UUID.randomUUID();
        t.userName = user;
        t.name = name;
        t.tokenHash = ApiToken.hash(secret);
        t.createdAt = clock.instant();
        t.persist();
        return new NewToken(t, secret);
    }

    @Transactional
    public void revokeToken(String user, UUID id) {
        ApiToken t = ApiToken.findById(id);
        if (t == null || !t.userName.equals(user)) {
            throw DomainException.notFound("token " + id);
        }
        if (t.revokedAt == null) {
            t.revokedAt = clock.instant();
        }
    }
}
