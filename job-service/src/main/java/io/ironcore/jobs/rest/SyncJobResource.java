package io.ironcore.jobs.rest;

import io.ironcore.jobs.SnapshotCopy;
import io.ironcore.jobs.SyncJob;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.service.NextRun;
import io.ironcore.jobs.service.Projects;
import io.ironcore.jobs.service.SyncJobInput;
import io.ironcore.jobs.service.SyncJobService;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A project's sync jobs: its administrators manage and run them, its members may list them and their copies. */
@Path("/api/v1/sync-jobs")
@Produces(MediaType.APPLICATION_JSON)
@NotFoundWhenForbidden
public class SyncJobResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    Clock clock;
    @Inject
    SyncJobService syncJobs;

    public record SyncJobRequest(
            @NotBlank @Size(max = 63) @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String name,
            @NotBlank String sourceDatastore,
            @Size(max = 256) @Pattern(regexp = Patterns.NAMESPACE, message = Patterns.NAMESPACE_MESSAGE)
            String sourceNamespace,
            @NotBlank String targetDatastore,
            @Size(max = 256) @Pattern(regexp = Patterns.NAMESPACE, message = Patterns.NAMESPACE_MESSAGE)
            String targetNamespace,
            @NotBlank @Size(max = 256) String schedule,
            @Size(max = 64) String timezone,
            @Size(max = 256) String retention) {

        /** The sync job as the service takes it. */
        SyncJobInput toInput() {
            return new SyncJobInput(name, sourceDatastore, sourceNamespace, targetDatastore, targetNamespace, schedule,
                    timezone, retention);
        }
    }

    public record SyncJobView(String id, String project, String name, String sourceDatastore, String sourceNamespace,
                              String targetDatastore, String targetNamespace, String schedule, String timezone,
                              String retention, boolean enabled, Instant createdAt, Instant nextRun,
                              LastSync lastSync) {
        static SyncJobView of(SyncJob s, Instant now) {
            return new SyncJobView(s.id.toString(), s.project, s.name, s.sourceDatastore, s.sourceNamespace,
                    s.targetDatastore, s.targetNamespace, s.schedule, s.timezone, s.retention, s.enabled, s.createdAt,
                    s.enabled ? NextRun.of(s.schedule, s.timezone, now) : null, LastSync.of(s));
        }
    }

    /** The last sync run of a sync job: {@code running}, {@code completed} or {@code failed}. */
    public record LastSync(String runId, String state, Instant at, Integer copied, Integer alreadyPresent,
                           Integer removed, Long bytesCopied, String reason) {
        static LastSync of(SyncJob s) {
            return s.lastSyncRunId == null ? null : new LastSync(s.lastSyncRunId, s.lastSyncState, s.lastSyncAt,
                    s.lastSyncCopied, s.lastSyncPresent, s.lastSyncRemoved, s.lastSyncBytes, s.lastSyncReason);
        }
    }

    /** A copy a sync job made: where it is, what it is a copy of, and whether the target's retention removed it. */
    public record CopyView(String datastore, String snapshotId, String sourceDatastore, String sourceSnapshotId,
                           Instant copiedAt, Instant removedAt, String removedWhy) {
        static CopyView of(SnapshotCopy c) {
            return new CopyView(c.datastore, c.snapshotId, c.sourceDatastore, c.sourceSnapshotId, c.copiedAt,
                    c.removedAt, c.removedWhy);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-admin")
    @Idempotent
    public Response createSyncJob(@QueryParam("project") String project, @Valid @NotNull SyncJobRequest r) {
        SyncJob s = syncJobs.create(Projects.resolve(Caller.of(identity), project), r.toInput());
        return Response.created(URI.create("/api/v1/sync-jobs/" + s.name)).entity(SyncJobView.of(s, clock.instant()))
                .build();
    }

    @GET
    @PermissionsAllowed("project-member")
    public List<SyncJobView> syncJobs(@QueryParam("project") String project) {
        List<SyncJob> all = syncJobs.list(Projects.resolve(Caller.of(identity), project));
        return all.stream().map(s -> SyncJobView.of(s, clock.instant())).toList();
    }

    @GET
    @Path("/{name}")
    @PermissionsAllowed("project-member")
    public SyncJobView syncJob(@QueryParam("project") String project, @PathParam("name") String name) {
        return SyncJobView.of(syncJobs.get(Projects.resolve(Caller.of(identity), project), name), clock.instant());
    }

    @DELETE
    @Path("/{name}")
    @PermissionsAllowed("project-admin")
    public Response deleteSyncJob(@QueryParam("project") String project, @PathParam("name") String name) {
        syncJobs.delete(Projects.resolve(Caller.of(identity), project), name);
        return Response.noContent().build();
    }

    /** Run Now: 202 with the id of the sync run it queued; {@code GET /sync-jobs/{name}} shows its outcome. */
    @POST
    @Path("/{name}/run")
    @PermissionsAllowed("project-admin")
    @Idempotent
    public Response runSyncJob(@QueryParam("project") String project, @PathParam("name") String name) {
        Caller caller = Caller.of(identity);
        String runId = syncJobs.runNow(Projects.resolve(caller, project), name, caller.user());
        return Response.accepted(Map.of("runId", runId)).build();
    }

    /** The copies a sync job made, newest first; {@code all=true} includes those its target's retention removed. */
    @GET
    @Path("/{name}/copies")
    @PermissionsAllowed("project-member")
    public List<CopyView> copies(@QueryParam("project") String project, @PathParam("name") String name,
                                 @QueryParam("all") boolean all) {
        return syncJobs.copies(Projects.resolve(Caller.of(identity), project), name, all).stream().map(CopyView::of)
                .toList();
    }
}
