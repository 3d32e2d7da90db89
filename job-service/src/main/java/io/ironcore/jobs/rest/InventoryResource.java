package io.ironcore.jobs.rest;

import io.ironcore.jobs.Datastore;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.service.InventoryService;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** The workloads inventory and the datastore registry. */
@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class InventoryResource {
    @Inject
    InventoryService inventory;

    /** A workload as the API shows it. */
    public record WorkloadView(String id, String name, String project, List<String> tags,
                               List<Workload.Disk> disks) {
        static WorkloadView of(Workload w) {
            return new WorkloadView(w.id, w.name, w.project, w.tags, w.disks);
        }
    }

    /** A datastore as the API shows it. */
    public record DatastoreView(String name, String path) {
        static DatastoreView of(Datastore d) {
            return new DatastoreView(d.name, d.path);
        }
    }

    @POST
    @Path("/workloads")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addWorkload(@Valid @NotNull WorkloadRequest request) {
        Workload w = inventory.addWorkload(request);
        return Response.created(URI.create("/api/v1/workloads/" + w.id)).entity(WorkloadView.of(w)).build();
    }

    @GET
    @Path("/workloads")
    public List<WorkloadView> workloads() {
        return inventory.workloads().stream().map(WorkloadView::of).toList();
    }

    @POST
    @Path("/datastores")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addDatastore(@Valid @NotNull DatastoreRequest request) {
        Datastore d = inventory.addDatastore(request);
        return Response.created(URI.create("/api/v1/datastores/" + d.name)).entity(DatastoreView.of(d)).build();
    }

    @GET
    @Path("/datastores")
    public List<DatastoreView> datastores() {
        return inventory.datastores().stream().map(DatastoreView::of).toList();
    }
}
