package io.ironcore.jobs.rest;

import io.ironcore.events.job.NotificationTarget;
import io.ironcore.jobs.NotificationGroup;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.service.NotificationGroupInput;
import io.ironcore.jobs.service.NotificationGroupService;
import io.ironcore.jobs.service.Projects;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** A project's notification groups: its administrators manage them, its members may list them. */
@Path("/api/v1/notification-groups")
@Produces(MediaType.APPLICATION_JSON)
@NotFoundWhenForbidden
public class NotificationGroupResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    NotificationGroupService groups;

    public record GroupRequest(
            @NotBlank @Size(max = 63) @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String name,
            @Size(max = 100) List<@ValidNotificationTarget String> targets) {

        /** The group as the service takes it. */
        NotificationGroupInput toInput() {
            return new NotificationGroupInput(name, targets);
        }
    }

    public record GroupTargetsRequest(
            @NotNull @Size(max = 100) List<@ValidNotificationTarget String> targets) {
    }

    /** A group as the API shows it: a metric server's password or token is never shown. */
    public record GroupView(String project, String name, List<String> targets) {
        static GroupView of(NotificationGroup g) {
            return new GroupView(g.project, g.name, g.targets.stream().map(GroupView::shown).toList());
        }

        private static String shown(String target) {
            return NotificationTarget.parse(target)
                    .filter(t -> t.kind() == NotificationTarget.Kind.INFLUXDB
                            || t.kind() == NotificationTarget.Kind.GRAPHITE)
                    .map(NotificationTarget::shown).orElse(target);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-admin")
    @Idempotent
    public Response createGroup(@QueryParam("project") String project, @Valid @NotNull GroupRequest r) {
        NotificationGroup g = groups.create(Projects.resolve(Caller.of(identity), project), r.toInput());
        return Response.created(URI.create("/api/v1/notification-groups/" + g.name)).entity(GroupView.of(g)).build();
    }

    @GET
    @PermissionsAllowed("project-member")
    public List<GroupView> groups(@QueryParam("project") String project) {
        return groups.list(Projects.resolve(Caller.of(identity), project)).stream().map(GroupView::of).toList();
    }

    /**
     * Replaces a group's recipients. The jobs attached to it get a new version (their ETags change) and a JobUpdated
     * event carrying the new recipients, in the same transaction.
     */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-admin")
    public GroupView updateGroup(@QueryParam("project") String project, @PathParam("name") String name,
                                 @Valid @NotNull GroupTargetsRequest r) {
        return GroupView.of(groups.replaceTargets(Projects.resolve(Caller.of(identity), project), name,
                r.targets()));
    }

    /** Deletes a group that no job is attached to (409 names the jobs that still are). */
    @DELETE
    @Path("/{name}")
    @PermissionsAllowed("project-admin")
    public Response deleteGroup(@QueryParam("project") String project, @PathParam("name") String name) {
        groups.delete(Projects.resolve(Caller.of(identity), project), name);
        return Response.noContent().build();
    }
}
