package io.ironcore.jobs.rest;

import io.ironcore.jobs.DatastoreEntry;
import io.ironcore.jobs.DatastoreNamespace;
import io.ironcore.jobs.SourceRoot;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.service.InventoryService;
import io.ironcore.jobs.service.Projects;
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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * The workloads inventory (per project), the source roots their disks lie below and the datastore registry (both
 * managed by system administrators; a project sees the roots granted to it and the datastores it may write to).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@NotFoundWhenForbidden
public class InventoryResource {
    @Inject
    InventoryService inventory;
    @Inject
    SecurityIdentity identity;

    /** A workload as the API shows it. */
    public record WorkloadView(String id, String name, String project, List<String> tags,
                               List<Workload.Disk> disks) {
        public static WorkloadView of(Workload w) {
            return new WorkloadView(w.id, w.name, w.project, w.tags, w.disks);
        }
    }

    /** A datastore as the API shows it. */
    public record DatastoreView(String name, String path, List<String> allowedProjects, List<String> namespaces) {
        static DatastoreView of(InventoryService.RegisteredDatastore r) {
            DatastoreEntry d = r.datastore();
            return new DatastoreView(d.name, d.path, d.allowedProjects, r.namespaces());
        }
    }

    /** A source root as the API shows it: to a project member, only the projects of theirs it is granted to. */
    public record SourceRootView(String name, String path, List<String> allowedProjects) {
        static SourceRootView of(SourceRoot r, Caller caller) {
            return new SourceRootView(r.name, r.path, caller.systemAdmin() ? r.allowedProjects
                    : r.allowedProjects.stream().filter(caller::canSee).toList());
        }
    }

    /** A namespace to register. */
    public record NamespaceRequest(@NotBlank @Size(max = 256) String path) {
    }

    @POST
    @Path("/workloads")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("project-admin")
    @Idempotent
    public Response addWorkload(@QueryParam("project") String project, @Valid @NotNull WorkloadRequest request) {
        Workload w = inventory.addWorkload(Projects.resolve(Caller.of(identity), project), request.toInput());
        return Response.created(URI.create("/api/v1/workloads/" + w.id)).entity(WorkloadView.of(w)).build();
    }

    @GET
    @Path("/workloads")
    @PermissionsAllowed("project-member")
    public List<WorkloadView> workloads(@QueryParam("project") String project) {
        Caller caller = Caller.of(identity);
        List<String> projects = project == null ? Projects.visible(caller) : List.of(Projects.resolve(caller, project));
        return inventory.workloads(projects).stream().map(WorkloadView::of).toList();
    }

    @POST
    @Path("/source-roots")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("system-admin")
    @Idempotent
    public Response addSourceRoot(@Valid @NotNull SourceRootRequest request) {
        SourceRoot r = inventory.addSourceRoot(request.toInput());
        return Response.created(URI.create("/api/v1/source-roots/" + r.name))
                .entity(SourceRootView.of(r, Caller.of(identity))).build();
    }

    /** The source roots the caller's projects may read below (all of them for a system administrator). */
    @GET
    @Path("/source-roots")
    public List<SourceRootView> sourceRoots() {
        Caller caller = Caller.of(identity);
        return inventory.sourceRoots(Projects.visible(caller), caller.systemAdmin()).stream()
                .map(r -> SourceRootView.of(r, caller)).toList();
    }

    @POST
    @Path("/datastores")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("system-admin")
    @Idempotent
    public Response addDatastore(@Valid @NotNull DatastoreRequest request) {
        InventoryService.RegisteredDatastore d = inventory.addDatastore(request.toInput());
        return Response.created(URI.create("/api/v1/datastores/" + d.datastore().name)).entity(DatastoreView.of(d))
                .build();
    }

    @GET
    @Path("/datastores")
    public List<DatastoreView> datastores() {
        Caller caller = Caller.of(identity);
        return inventory.datastores(Projects.visible(caller), caller.systemAdmin()).stream().map(DatastoreView::of)
                .toList();
    }

    @POST
    @Path("/datastores/{name}/namespaces")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("system-admin")
    @Idempotent
    public Response addNamespace(@PathParam("name") String datastore, @Valid @NotNull NamespaceRequest request) {
        DatastoreNamespace ns = inventory.addNamespace(datastore, request.path());
        return Response.created(URI.create("/api/v1/datastores/" + datastore + "/namespaces")).entity(
                DatastoreView.of(inventory.datastore(ns.datastore))).build();
    }
}
