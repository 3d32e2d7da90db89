package io.ironcore.jobs.rest;

import io.ironcore.jobs.Job;
import io.ironcore.jobs.Run;
import io.ironcore.jobs.service.JobService;
import io.ironcore.jobs.service.Projects;
import io.ironcore.jobs.service.RunService;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Backup jobs: create, list, show, run now, run history. */
@Path("/api/v1/jobs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    @Inject
    JobService jobs;
    @Inject
    RunService runs;
    @Inject
    JobViews views;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull JobRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
        Job job = jobs.create(Projects.DEFAULT, request);
        return Response.created(URI.create("/api/v1/jobs/" + job.name)).entity(views.of(job)).build();
    }

    @GET
    public List<JobView> list() {
        return jobs.list(Projects.DEFAULT).stream().map(views::of).toList();
    }

    @GET
    @Path("/{name}")
    public JobView show(@PathParam("name") String name) {
        return views.of(jobs.require(Projects.DEFAULT, name));
    }

    /** Run now: the schedule is not moved; the run id comes back at once, the run goes on in the background. */
    @POST
    @Path("/{name}/run")
    public Response run(@PathParam("name") String name) {
        Run run = runs.runNow(Projects.DEFAULT, name);
        return Response.accepted(RunView.of(run))
                .location(URI.create("/api/v1/jobs/" + name + "/runs/" + run.id)).build();
    }

    @GET
    @Path("/{name}/runs")
    public List<RunView> history(@PathParam("name") String name) {
        return runs.history(Projects.DEFAULT, name).stream().map(RunView::of).toList();
    }

    @GET
    @Path("/{name}/runs/{runId}")
    public RunView run(@PathParam("name") String name, @PathParam("runId") String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("run " + runId);
        }
        return RunView.of(runs.require(Projects.DEFAULT, name, id));
    }
}
