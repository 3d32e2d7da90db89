package io.ironcore.jobs.rest;

import io.ironcore.jobs.Restore;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.service.Projects;
import io.ironcore.jobs.service.RestoreService;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * Restores: any snapshot a job of the project made restores on its own (no parents needed), byte for byte, to a
 * path below a worker's restore directory.
 */
@Path("/api/v1/restores")
@Produces(MediaType.APPLICATION_JSON)
@NotFoundWhenForbidden
public class RestoreResource {
    @Inject
    RestoreService restores;
    @Inject
    SecurityIdentity identity;

    /**
     * @param datastore where the snapshot is: absent for where its job wrote it, or the datastore a sync job copied it
     *                  to (e.g. the Backup site)
     * @param target    a relative path: letters, digits and {@code . _ - /}, no {@code ..} component
     */
    public record RestoreRequest(
            @NotBlank @Size(max = 512) String snapshotId,
            @Size(max = 63) String datastore,
            @Size(max = 64) @Pattern(regexp = Patterns.ID, message = Patterns.ID_MESSAGE) String image,
            @NotBlank @Size(max = 512)
            @Pattern(regexp = "(?!/)(?!.*//)(?!.*/$)(?!(.*/)?\\.{1,2}(/|$))[A-Za-z0-9._/-]+",
                    message = "must be a relative path of letters, digits, '.', '_', '-' and '/', without '..', '.' "
                            + "or empty components")
            String target) {
    }

    public record RestoreView(String id, String project, String jobId, String datastore, String snapshotId,
                              String image, String target, String state, String requestedBy, Instant requestedAt,
                              Instant finishedAt, String workerId, String path, Long bytes, String reason) {
        static RestoreView of(Restore r) {
            return new RestoreView(r.id.toString(), r.project, r.jobId.toString(), r.datastore, r.snapshotId, r.image,
                    r.target, r.state.name(), r.requestedBy, r.requestedAt, r.finishedAt, r.workerId, r.path, r.bytes,
                    r.reason);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-member")
    @Idempotent
    public Response request(@QueryParam("project") String project, @Valid @NotNull RestoreRequest request) {
        String p = Projects.resolve(Caller.of(identity), project);
        Restore r = restores.request(p, request.snapshotId(), request.datastore(), request.image() == null
                ? "drive-scsi0" : request.image(), request.target(), identity.getPrincipal().getName());
        return Response.accepted(RestoreView.of(r)).location(URI.create("/api/v1/restores/" + r.id)).build();
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("project-member")
    public RestoreView show(@QueryParam("project") String project, @PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("restore " + id);
        }
        return RestoreView.of(restores.require(Projects.resolve(Caller.of(identity), project), uuid));
    }
}
