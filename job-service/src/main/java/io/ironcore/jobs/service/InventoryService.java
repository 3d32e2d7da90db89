package io.ironcore.jobs.service;

import io.ironcore.jobs.Datastore;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.rest.ApiException;
import io.ironcore.jobs.rest.DatastoreRequest;
import io.ironcore.jobs.rest.WorkloadRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;

/** The workloads inventory and the datastore registry. */
@ApplicationScoped
public class InventoryService {
    @Inject
    Clock clock;

    @Transactional
    public Workload addWorkload(WorkloadRequest r) {
        if (Workload.findById(r.id()) != null) {
            throw ApiException.conflict("id", "workload " + r.id() + " exists already");
        }
        Workload w = new Workload();
        w.id = r.id();
        w.name = r.name();
        w.project = r.project() == null ? Projects.DEFAULT : r.project();
        w.tags = r.tags() == null ? List.of() : List.copyOf(r.tags());
        w.disks = r.disks().stream().map(d -> new Workload.Disk(d.name(), d.path())).toList();
        w.createdAt = clock.instant();
        w.persist();
        return w;
    }

    public List<Workload> workloads() {
        return Workload.listAll(io.quarkus.panache.common.Sort.by("id"));
    }

    @Transactional
    public Datastore addDatastore(DatastoreRequest r) {
        if (Datastore.findById(r.name()) != null) {
            throw ApiException.conflict("name", "datastore " + r.name() + " exists already");
        }
        Datastore d = new Datastore();
        d.name = r.name();
        d.path = r.path();
        d.createdAt = clock.instant();
        d.persist();
        return d;
    }

    public List<Datastore> datastores() {
        return Datastore.listAll(io.quarkus.panache.common.Sort.by("name"));
    }
}
