package io.ironcore.jobs.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ironcore.jobs.access.Caller;
import io.ironcore.jobs.service.Compliance;
import io.ironcore.jobs.service.Projects;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RPO compliance per project: how many backup jobs are protected, pending their first snapshot, or at risk, and each
 * monitored job's state, the ones at risk first. Verify and GC jobs, and backup jobs without a schedule or an RPO,
 * are counted as not monitored.
 */
@Path("/api/v1/compliance")
@Produces(MediaType.APPLICATION_JSON)
@NotFoundWhenForbidden
public class ComplianceResource {
    @Inject
    Compliance compliance;
    @Inject
    SecurityIdentity identity;
    @Inject
    Clock clock;

    /** One monitored job. */
    public record JobCompliance(String name, String schedule, boolean enabled, ComplianceView compliance) {
    }

    /** One project's overview. */
    public record ProjectCompliance(String project, int monitored, @JsonProperty("protected") int protectedJobs, int pending, int atRisk,
                                    long unmonitored, List<JobCompliance> jobs) {
    }

    public record Overview(Instant at, List<ProjectCompliance> projects) {
    }

    @GET
    @PermissionsAllowed("project-member")
    public Overview overview(@QueryParam("project") String project) {
        Caller caller = Caller.of(identity);
        List<String> projects = project == null ? Projects.visible(caller) : List.of(Projects.resolve(caller, project));
        Compliance.Overview o = compliance.overview(projects);
        Instant now = clock.instant();
        Map<String, List<JobCompliance>> byProject = new LinkedHashMap<>();
        projects.stream().sorted().forEach(p -> byProject.put(p, new ArrayList<>()));
        for (Compliance.Monitored m : o.monitored()) {
            byProject.computeIfAbsent(m.job().project, p -> new ArrayList<>()).add(new JobCompliance(m.job().name,
                    m.job().schedule, m.job().enabled, ComplianceView.of(m.job(), m.rpo(), m.stored(), now)));
        }
        List<ProjectCompliance> out = new ArrayList<>();
        byProject.forEach((p, jobs) -> {
            jobs.sort(Comparator.comparing((JobCompliance j) -> !j.compliance().atRisk())
                    .thenComparing(JobCompliance::name));
            int atRisk = (int) jobs.stream().filter(j -> j.compliance().atRisk()).count();
            int pending = (int) jobs.stream().filter(j -> "pending".equals(j.compliance().state())).count();
            out.add(new ProjectCompliance(p, jobs.size(), jobs.size() - atRisk - pending, pending, atRisk,
                    o.unmonitored().getOrDefault(p, 0L), jobs));
        });
        return new Overview(now, out);
    }
}
