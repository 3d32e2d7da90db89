package io.ironcore.jobs.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironcore.events.job.JobDeleted;
import io.ironcore.events.job.SourceFilter;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Run;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.service.JobInput;
import io.ironcore.jobs.service.JobService;
import io.ironcore.jobs.service.JobValidator;
import io.ironcore.jobs.service.Projects;
import io.ironcore.jobs.service.RunService;
import io.ironcore.jobs.service.SnapshotService;
import io.ironcore.jobs.service.SourceResolver;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Backup jobs. Every route acts in one project: {@code ?project=}, else the caller's only project (or the default
 * one). A project the caller is not a member of answers 404, as does a job in it.
 */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@NotFoundWhenForbidden
public class JobResource {
    static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    JobService jobs;
    @Inject
    RunService runs;
    @Inject
    JobViews views;
    @Inject
    SecurityIdentity identity;
    @Inject
    JobValidator validator;
    @Inject
    SnapshotService snapshotService;
    @Inject
    ObjectMapper json;
    @Inject
    Validator beanValidator;

    @GET
    @PermissionsAllowed("project-member")
    public PageView<JobView> list(@QueryParam("project") String project,
                                  @QueryParam("state") @Pattern(regexp = "Scheduled|Running|Completed|Failed|Disabled",
                                          message = "must be Scheduled, Running, Completed, Failed or Disabled")
                                  String state,
                                  @QueryParam("atRisk") Boolean atRisk,
                                  @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
                                  @QueryParam("cursor") @Size(max = 512) String cursor) {
        Caller caller = Caller.of(identity);
        List<String> projects = project == null ? Projects.visible(caller) : List.of(Projects.resolve(caller, project));
        JobService.Page page = jobs.list(projects, state, atRisk, limit, cursor);
        return new PageView<>(page.items().stream().map(views::of).toList(), page.nextCursor());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-member")
    @Idempotent
    public Response create(@QueryParam("project") String project, @Valid @NotNull JobRequest request) {
        Caller caller = Caller.of(identity);
        Job job = jobs.create(caller, Projects.resolve(caller, project), request.toInput());
        return withEtag(Response.created(URI.create("/api/v1/jobs/" + job.name)), job).build();
    }

    @GET
    @Path("/{name}")
    @PermissionsAllowed("project-member")
    public Response show(@QueryParam("project") String project, @PathParam("name") String name) {
        Job job = jobs.require(resolve(project), name);
        return withEtag(Response.ok(), job).build();
    }

    /** A JSON merge patch (RFC 7396) of the job; If-Match with the job's ETag is required. */
    @PATCH
    @Path("/{name}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @PermissionsAllowed("project-member")
    public Response update(@QueryParam("project") String project, @PathParam("name") String name,
                           @HeaderParam("If-Match") String ifMatch, JsonNode patch) {
        strict(patch);
        Caller caller = Caller.of(identity);
        Job job = jobs.update(caller, Projects.resolve(caller, project), name, current -> mergePatch(current, patch), ifMatch);
        return withEtag(Response.ok(), job).build();
    }

    /**
     * Deletes the job. Its snapshots stay (restore, verify and sync go on working); {@code ?orphans=} says whether
     * prune-service keeps them ({@code keep}, the default) or goes on pruning them with the job's last retention
     * ({@code prune}).
     */
    @DELETE
    @Path("/{name}")
    @PermissionsAllowed("project-member")
    public Response delete(@QueryParam("project") String project, @PathParam("name") String name,
                           @HeaderParam("If-Match") String ifMatch,
                           @QueryParam("orphans") @DefaultValue("keep") @Pattern(regexp = "keep|prune",
                                   message = "must be keep or prune") String orphans,
                           @Context UriInfo uri) {
        jobs.delete(resolve(project), name, ifMatch, orphans(uri));
        return Response.noContent().build();
    }

    /** The orphan policy as given: absent is keep; {@code ?orphans=} (empty) or the parameter twice is refused. */
    private static String orphans(UriInfo uri) {
        List<String> given = uri.getQueryParameters().get("orphans");
        if (given == null) {
            return JobDeleted.Orphans.KEEP.wire();
        }
        if (given.size() != 1) {
            throw ApiException.invalid("orphans", "must be keep or prune, given once");
        }
        return given.get(0); // the service refuses anything but keep or prune
    }

    /** Pause: the job keeps its history but does not run on schedule. */
    @POST
    @Path("/{name}/disable")
    @PermissionsAllowed("project-member")
    public Response disable(@QueryParam("project") String project, @PathParam("name") String name) {
        return withEtag(Response.ok(), jobs.setEnabled(resolve(project), name, false)).build();
    }

    /** Resume: the next run is the next slot from now; the slots of the paused period are not run. */
    @POST
    @Path("/{name}/enable")
    @PermissionsAllowed("project-member")
    public Response enable(@QueryParam("project") String project, @PathParam("name") String name) {
        return withEtag(Response.ok(), jobs.setEnabled(resolve(project), name, true)).build();
    }

    /**
     * Run now. The schedule is not moved. With an Idempotency-Key, repeating the request answers the same run
     * (200) instead of starting another (202).
     */
    @POST
    @Path("/{name}/run")
    @PermissionsAllowed("project-member")
    public Response run(@QueryParam("project") String project, @PathParam("name") String name,
                        @HeaderParam("Idempotency-Key") @Size(max = 255) @Pattern(regexp = "[\\x21-\\x7e]+",
                                message = "must be printable ASCII without spaces") String idempotencyKey) {
        RunService.Requested requested = runs.runNow(resolve(project), name, identity.getPrincipal().getName(),
                idempotencyKey);
        Run run = requested.run();
        return Response.status(requested.replayed() ? 200 : 202).entity(RunView.of(run))
                .location(URI.create("/api/v1/jobs/" + name + "/runs/" + run.id)).build();
    }

    @GET
    @Path("/{name}/runs")
    @PermissionsAllowed("project-member")
    public PageView<RunView> history(@QueryParam("project") String project, @PathParam("name") String name,
                                     @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
                                     @QueryParam("cursor") String cursor) {
        UUID after = cursor == null ? null : parseRunId(cursor, "cursor");
        List<Run> page = runs.history(resolve(project), name, limit + 1, after);
        List<Run> items = page.size() > limit ? page.subList(0, limit) : page;
        String next = page.size() > limit ? items.get(items.size() - 1).id.toString() : null;
        return new PageView<>(items.stream().map(RunView::of).toList(), next);
    }

    @GET
    @Path("/{name}/runs/{runId}")
    @PermissionsAllowed("project-member")
    public RunView runDetail(@QueryParam("project") String project, @PathParam("name") String name,
                             @PathParam("runId") String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("runId", "must be a UUID");
        }
        return RunView.of(runs.require(resolve(project), name, id), runs.notifications(id));
    }

    /** The snapshots the job made that still exist, newest first, with why the last prune pass kept each. */
    @GET
    @Path("/{name}/snapshots")
    @PermissionsAllowed("project-member")
    public List<SnapshotResource.SnapshotView> snapshots(@QueryParam("project") String project,
                                                         @PathParam("name") String name) {
        return snapshotService.of(jobs.require(resolve(project), name)).stream()
                .map(SnapshotResource.SnapshotView::of).toList();
    }

    /** Which workloads the job's sources select right now. */
    @GET
    @Path("/{name}/sources")
    @PermissionsAllowed("project-member")
    public List<InventoryResource.WorkloadView> sources(@QueryParam("project") String project,
                                                        @PathParam("name") String name) {
        Job job = jobs.require(resolve(project), name);
        return preview(job.project, job.sourceIds, job.include, job.exclude);
    }

    /** Which workloads sources would select right now, before a job is saved (the dashboard's preview). */
    @POST
    @Path("/preview-sources")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-member")
    public List<InventoryResource.WorkloadView> previewSources(@QueryParam("project") String project,
                                                               @NotNull SourcesRequest request) {
        validator.validateFilters(Caller.of(identity), request.include(), request.exclude());
        return preview(resolve(project), request.sourceIds(), request.include(), request.exclude());
    }

    /** Sources to preview. */
    public record SourcesRequest(List<String> sourceIds, List<SourceFilter> include,
                                 List<SourceFilter> exclude) {
    }

    @Transactional
    List<InventoryResource.WorkloadView> preview(String project, List<String> ids,
                                                 List<SourceFilter> include,
                                                 List<SourceFilter> exclude) {
        List<Workload> selected = SourceResolver.resolve(project, ids, include, exclude);
        return selected.stream().map(InventoryResource.WorkloadView::of).toList();
    }

    /**
     * A merge patch names only fields of a job, with values of their types: read as a {@link JobRequest} by the
     * strict mapper, so that {@code {"retension": ...}} is a 400 on that field rather than a patch that changes
     * nothing. (A null value removes the field; the merged job is validated as a whole afterwards.)
     */
    private void strict(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return; // mergePatch says what a merge patch must be
        }
        try {
            json.treeToValue(patch, JobRequest.class);
        } catch (JsonProcessingException e) {
            Problem.FieldError error = JsonErrors.of(e);
            throw ApiException.invalid(error.field(), error.message());
        }
    }

    /**
     * The job as the merge patch (RFC 7396) makes it: a null value removes a field, the rest replace theirs, and the
     * merged job is validated as a whole as a create would be.
     */
    private JobInput mergePatch(JobInput current, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ApiException.invalid("body", "a JSON merge patch object is expected");
        }
        ObjectNode merged = json.valueToTree(JobRequest.of(current));
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                merged.remove(e.getKey());
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        });
        JobRequest r;
        try {
            r = json.treeToValue(merged, JobRequest.class);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(fieldOf(e), e.getOriginalMessage());
        }
        Set<ConstraintViolation<JobRequest>> violations = beanValidator.validate(r);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return r.toInput();
    }

    private static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            var ref = m.getPath().get(0);
            return ref.getFieldName() == null ? "body" : ref.getFieldName();
        }
        return "body";
    }

    private String resolve(String project) {
        return Projects.resolve(Caller.of(identity), project);
    }

    private Response.ResponseBuilder withEtag(Response.ResponseBuilder b, Job job) {
        return b.header("ETag", JobService.etag(job)).entity(views.of(job));
    }

    private static UUID parseRunId(String s, String field) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "not a cursor this API handed out");
        }
    }
}
