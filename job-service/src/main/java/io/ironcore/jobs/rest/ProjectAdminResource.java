package io.ironcore.jobs.rest;

import io.ironcore.jobs.Job;
import io.ironcore.jobs.NotificationGroup;
import io.ironcore.jobs.SnapshotCopy;
import io.ironcore.jobs.SyncJob;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.service.JobService;
import io.ironcore.jobs.service.Projects;
import io.ironcore.jobs.service.NextRun;
import io.ironcore.jobs.service.SyncJobService;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What only a project's administrators manage: notification groups and sync jobs. Members may list them. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@NotFoundWhenForbidden
public class ProjectAdminResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    Clock clock;
    @Inject
    SyncJobService syncJobs;
    @Inject
    JobService jobs;

    public record GroupRequest(
            @NotBlank @Size(max = 63) @Pattern(regexp = Patterns.SLUG, message = Patterns.SLUG_MESSAGE) String name,
            @Size(max = 100) List<@NotificationTarget String> targets) {
    }

    public record GroupTargetsRequest(
            @NotNull @Size(max = 100) List<@NotificationTarget String> targets) {
    }

    public record GroupView(String project, String name, List<String> targets) {
        static GroupView of(NotificationGroup g) {
            return new GroupView(g.project, g.name, g.targets);
        }
    }

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
        io.ironcore.jobs.service.SyncJobInput toInput() {
            return new io.ironcore.jobs.service.SyncJobInput(name, sourceDatastore, sourceNamespace, targetDatastore,
                    targetNamespace, schedule, timezone, retention);
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

    @POST
    @Path("/notification-groups")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-admin")
    @Transactional
    @Idempotent
    public Response createGroup(@QueryParam("project") String project, @Valid @NotNull GroupRequest r) {
        String p = Projects.resolve(Caller.of(identity), project);
        if (NotificationGroup.find(p, r.name()) != null) {
            throw ApiException.conflict("name", "notification group " + r.name() + " exists already");
        }
        NotificationGroup g = new NotificationGroup();
        g.project = p;
        g.name = r.name();
        g.targets = r.targets() == null ? List.of() : List.copyOf(r.targets());
        g.createdAt = clock.instant();
        g.persist();
        return Response.created(URI.create("/api/v1/notification-groups/" + g.name)).entity(GroupView.of(g)).build();
    }

    @GET
    @Path("/notification-groups")
    @PermissionsAllowed("project-member")
    public List<GroupView> groups(@QueryParam("project") String project) {
        String p = Projects.resolve(Caller.of(identity), project);
        return NotificationGroup.<NotificationGroup>list("project = ?1 order by name", p).stream()
                .map(GroupView::of).toList();
    }

    /**
     * Replaces a group's recipients. The jobs attached to it get a new version (their ETags change) and a JobUpdated
     * event carrying the new recipients, in the same transaction.
     */
    @PUT
    @Path("/notification-groups/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-admin")
    @Transactional
    public GroupView updateGroup(@QueryParam("project") String project, @PathParam("name") String name,
                                 @Valid @NotNull GroupTargetsRequest r) {
        String p = Projects.resolve(Caller.of(identity), project);
        NotificationGroup g = NotificationGroup.find(p, name);
        if (g == null) {
            throw ApiException.notFound("notification group " + name);
        }
        g.targets = List.copyOf(r.targets());
        jobs.groupChanged(p, name);
        return GroupView.of(g);
    }

    /** Deletes a group that no job is attached to (409 names the jobs that still are). */
    @DELETE
    @Path("/notification-groups/{name}")
    @PermissionsAllowed("project-admin")
    @Transactional
    public Response deleteGroup(@QueryParam("project") String project, @PathParam("name") String name) {
        String p = Projects.resolve(Caller.of(identity), project);
        NotificationGroup g = NotificationGroup.find(p, name);
        if (g == null) {
            throw ApiException.notFound("notification group " + name);
        }
        List<String> users = Job.attachedTo(p, name).stream().map(j -> j.name).toList();
        if (!users.isEmpty()) {
            throw ApiException.conflict("name", "notification group " + name + " is attached to "
                    + String.join(", ", users) + "; detach it from them first");
        }
        g.delete();
        return Response.noContent().build();
    }

    @POST
    @Path("/sync-jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-admin")
    @Idempotent
    public Response createSyncJob(@QueryParam("project") String project, @Valid @NotNull SyncJobRequest r) {
        SyncJob s = syncJobs.create(Projects.resolve(Caller.of(identity), project), r.toInput());
        return Response.created(URI.create("/api/v1/sync-jobs/" + s.name)).entity(SyncJobView.of(s, clock.instant())).build();
    }

    @GET
    @Path("/sync-jobs")
    @PermissionsAllowed("project-member")
    public List<SyncJobView> syncJobs(@QueryParam("project") String project) {
        String p = Projects.resolve(Caller.of(identity), project);
        return SyncJob.<SyncJob>list("project = ?1 order by name", p).stream()
                .map(s -> SyncJobView.of(s, clock.instant())).toList();
    }

    @GET
    @Path("/sync-jobs/{name}")
    @PermissionsAllowed("project-member")
    @Transactional
    public SyncJobView syncJob(@QueryParam("project") String project, @PathParam("name") String name) {
        return SyncJobView.of(SyncJobService.find(Projects.resolve(Caller.of(identity), project), name),
                clock.instant());
    }

    @DELETE
    @Path("/sync-jobs/{name}")
    @PermissionsAllowed("project-admin")
    public Response deleteSyncJob(@QueryParam("project") String project, @PathParam("name") String name) {
        syncJobs.delete(Projects.resolve(Caller.of(identity), project), name);
        return Response.noContent().build();
    }

    /** Run Now: 202 with the id of the sync run it queued; {@code GET /sync-jobs/{name}} shows its outcome. */
    @POST
    @Path("/sync-jobs/{name}/run")
    @PermissionsAllowed("project-admin")
    @Idempotent
    public Response runSyncJob(@QueryParam("project") String project, @PathParam("name") String name) {
        Caller caller = Caller.of(identity);
        String runId = syncJobs.runNow(Projects.resolve(caller, project), name, caller.user());
        return Response.accepted(Map.of("runId", runId)).build();
    }

    /** A copy a sync job made: where it is, what it is a copy of, and whether the target's retention removed it. */
    public record CopyView(String datastore, String snapshotId, String sourceDatastore, String sourceSnapshotId,
                           Instant copiedAt, Instant removedAt, String removedWhy) {
        static CopyView of(SnapshotCopy c) {
            return new CopyView(c.datastore, c.snapshotId, c.sourceDatastore, c.sourceSnapshotId, c.copiedAt,
                    c.removedAt, c.removedWhy);
        }
    }

    /** The copies a sync job made, newest first; {@code all=true} includes those its target's retention removed. */
    @GET
    @Path("/sync-jobs/{name}/copies")
    @PermissionsAllowed("project-member")
    @Transactional
    public List<CopyView> copies(@QueryParam("project") String project, @PathParam("name") String name,
                                 @QueryParam("all") boolean all) {
        SyncJob s = SyncJobService.find(Projects.resolve(Caller.of(identity), project), name);
        return SnapshotCopy.<SnapshotCopy>list("syncJobId = ?1" + (all ? "" : " and removedAt is null")
                + " order by snapshotId desc", s.id).stream().map(CopyView::of).toList();
    }
}
