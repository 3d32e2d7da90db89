package io.ironcore.jobs.rest;

import io.ironcore.jobs.Snapshot;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.service.Projects;
import io.ironcore.jobs.service.SnapshotService;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/**
 * The snapshots of a project, which outlive their jobs, and their protection (a job's snapshots are also listed at
 * /api/v1/jobs/{name}/snapshots).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@NotFoundWhenForbidden
public class SnapshotResource {
    @Inject
    SnapshotService snapshots;
    @Inject
    SecurityIdentity identity;

    public record SnapshotView(String snapshotId, String project, String jobId, String runId, String datastore,
                               String namespace, String sourceId, Instant createdAt, long sizeBytes,
                               boolean isProtected, String keptReason) {
        public static SnapshotView of(Snapshot s) {
            return new SnapshotView(s.snapshotId, s.project, s.jobId.toString(), s.runId.toString(), s.datastore,
                    s.namespace, s.sourceId, s.createdAt, s.sizeBytes, s.isProtected, s.keptReason);
        }
    }

    /** The project's snapshots that still exist, newest first, including those of deleted jobs. */
    @GET
    @Path("/snapshots")
    @PermissionsAllowed("project-member")
    public List<SnapshotView> list(@QueryParam("project") String project) {
        return snapshots.ofProject(Projects.resolve(Caller.of(identity), project)).stream().map(SnapshotView::of)
                .toList();
    }

    public record ProtectRequest(@NotBlank @Size(max = 512) String snapshotId) {
    }

    @POST
    @Path("/snapshots/protect")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-member")
    public SnapshotView protect(@QueryParam("project") String project, @Valid @NotNull ProtectRequest request) {
        return SnapshotView.of(snapshots.protect(Projects.resolve(Caller.of(identity), project),
                request.snapshotId(), true, identity.getPrincipal().getName()));
    }

    @POST
    @Path("/snapshots/unprotect")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-member")
    public SnapshotView unprotect(@QueryParam("project") String project, @Valid @NotNull ProtectRequest request) {
        return SnapshotView.of(snapshots.protect(Projects.resolve(Caller.of(identity), project),
                request.snapshotId(), false, identity.getPrincipal().getName()));
    }
}
