package io.ironcore.jobs.rest;

import io.ironcore.jobs.access.AppUser;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.access.Project;
import io.ironcore.jobs.access.ProjectMember;
import io.ironcore.jobs.service.AccessService;
import io.ironcore.jobs.service.errors.DomainException;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Projects, users, memberships and API tokens. System administrators create projects and users; a project's
 * administrators manage its members; every user manages their own tokens.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@NotFoundWhenForbidden
public class AccessResource {
    @Inject
    AccessService access;
    @Inject
    SecurityIdentity identity;

    public record ProjectRequest(
            @NotBlank @Size(max = 63) @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String name,
            @Size(max = 1024) String description) {
    }

    public record ProjectView(String name, String description, String role) {
    }

    public record UserRequest(
            @NotBlank @Size(max = 63) @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String name,
            Boolean systemAdmin) {
    }

    public record UserView(String name, boolean systemAdmin) {
    }

    public record MemberRequest(@NotNull @Pattern(regexp = "member|admin", message = "must be member or admin")
                                String role) {
    }

    public record TokenRequest(@NotBlank @Size(max = 128) String name) {
    }

    /** A token; {@code token} (the secret) is present only in the answer that created it. */
    public record TokenView(String id, String user, String name, Instant createdAt, String token) {
    }

    public record WhoAmI(String user, boolean systemAdmin, Map<String, String> projects) {
    }

    @GET
    @Path("/whoami")
    public WhoAmI whoami() {
        Caller c = Caller.of(identity);
        return new WhoAmI(c.user(), c.systemAdmin(), c.projects());
    }

    @POST
    @Path("/projects")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("system-admin")
    @Idempotent
    public Response createProject(@Valid @NotNull ProjectRequest r) {
        Project p = access.createProject(r.name(), r.description());
        return Response.created(URI.create("/api/v1/projects/" + p.name))
                .entity(new ProjectView(p.name, p.description, null)).build();
    }

    @GET
    @Path("/projects")
    public List<ProjectView> projects() {
        return access.visibleProjects(Caller.of(identity)).stream()
                .map(p -> new ProjectView(p.name(), p.description(), p.role())).toList();
    }

    @POST
    @Path("/users")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("system-admin")
    @Idempotent
    public Response createUser(@Valid @NotNull UserRequest r) {
        AppUser u = access.createUser(r.name(), Boolean.TRUE.equals(r.systemAdmin()));
        return Response.created(URI.create("/api/v1/users/" + u.name)).entity(new UserView(u.name, u.systemAdmin))
                .build();
    }

    /** Adds a user to a project, or changes their role: for the project's administrators. */
    @PUT
    @Path("/projects/{project}/members/{user}")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-admin")
    public Map<String, String> setMember(@PathParam("project") String project, @PathParam("user") String user,
                                         @Valid @NotNull MemberRequest r) {
        ProjectMember m = access.setMember(project, user, ProjectMember.Role.of(r.role()));
        return Map.of("project", m.project, "user", m.userName, "role", m.role.value());
    }

    /** Creates an API token for a user: the user themselves, or a system administrator. */
    @POST
    @Path("/users/{user}/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("self")
    @Idempotent
    public Response createToken(@PathParam("user") String user, @Valid @NotNull TokenRequest r) {
        AccessService.NewToken t = access.createToken(user, r.name());
        return Response.created(URI.create("/api/v1/users/" + user + "/tokens/" + t.token().id))
                .entity(new TokenView(t.token().id.toString(), user, t.token().name, t.token().createdAt, t.secret()))
                .build();
    }

    @DELETE
    @Path("/users/{user}/tokens/{id}")
    @PermissionsAllowed("self")
    public Response revokeToken(@PathParam("user") String user, @PathParam("id") String id) {
        try {
            access.revokeToken(user, UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("token " + id);
        }
        return Response.noContent().build();
    }
}
