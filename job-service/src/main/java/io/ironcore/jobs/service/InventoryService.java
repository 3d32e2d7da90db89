package io.ironcore.jobs.service;

import io.ironcore.datastore.Namespace;
import io.ironcore.jobs.Datastore;
import io.ironcore.jobs.DatastoreNamespace;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.access.Project;
import io.ironcore.jobs.rest.ApiException;
import io.ironcore.jobs.rest.DatastoreRequest;
import io.ironcore.jobs.rest.WorkloadRequest;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;

/** The workloads inventory and the datastore registry with its namespaces. */
@ApplicationScoped
public class InventoryService {
    @Inject
    Clock clock;

    @Transactional
    public Workload addWorkload(String project, WorkloadRequest r) {
        if (Workload.findById(r.id()) != null) {
            throw ApiException.conflict("id", "workload " + r.id() + " exists already");
        }
        Workload w = new Workload();
        w.id = r.id();
        w.name = r.name();
        w.project = project;
        w.tags = r.tags() == null ? List.of() : List.copyOf(r.tags());
        w.disks = r.disks().stream().map(d -> new Workload.Disk(d.name(), d.path())).toList();
        w.createdAt = clock.instant();
        w.persist();
        return w;
    }

    public List<Workload> workloads(List<String> projects) {
        return projects.isEmpty() ? List.of() : Workload.list("project in ?1", Sort.by("id"), projects);
    }

    @Transactional
    public Datastore addDatastore(DatastoreRequest r) {
        if (Datastore.findById(r.name()) != null) {
            throw ApiException.conflict("name", "datastore " + r.name() + " exists already");
        }
        List<String> allowed = r.allowedProjects() == null ? List.of() : List.copyOf(r.allowedProjects());
        for (int i = 0; i < allowed.size(); i++) {
            if (Project.findById(allowed.get(i)) == null) {
                throw ApiException.invalid("allowedProjects[" + i + "]", "unknown project '" + allowed.get(i) + "'");
            }
        }
        Datastore d = new Datastore();
        d.name = r.name();
        d.path = r.path();
        d.allowedProjects = allowed;
        d.createdAt = clock.instant();
        d.persist();
        return d;
    }

    /** Datastores the projects may write to (all of them for a system administrator). */
    public List<Datastore> datastores(List<String> projects, boolean all) {
        List<Datastore> every = Datastore.listAll(Sort.by("name"));
        return all ? every : every.stream().filter(d -> projects.stream().anyMatch(d::allows)).toList();
    }

    @Transactional
    public DatastoreNamespace addNamespace(String datastore, String path) {
        if (Datastore.findById(datastore) == null) {
            throw ApiException.notFound("datastore " + datastore);
        }
        try {
            if (Namespace.parse(path).isRoot()) {
                throw ApiException.invalid("path", "the root namespace always exists");
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("path", e.getMessage());
        }
        if (DatastoreNamespace.findById(new DatastoreNamespace.Key(datastore, path)) != null) {
            throw ApiException.conflict("path", "namespace " + path + " exists already in " + datastore);
        }
        DatastoreNamespace ns = new DatastoreNamespace();
        ns.datastore = datastore;
        ns.path = path;
        ns.createdAt = clock.instant();
        ns.persist();
        return ns;
    }
}
