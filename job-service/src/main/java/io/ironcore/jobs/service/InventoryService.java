package io.ironcore.jobs.service;

import io.ironcore.datastore.Namespace;
import io.ironcore.jobs.DatastoreEntry;
import io.ironcore.jobs.DatastoreNamespace;
import io.ironcore.jobs.SourceRoot;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.WorkloadDisk;
import io.ironcore.jobs.access.Project;
import io.ironcore.jobs.service.errors.DomainException;
import io.ironcore.jobs.service.errors.FieldError;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The workloads inventory, the source roots their disks lie below, and the datastore registry with its namespaces. */
@ApplicationScoped
public class InventoryService {
    /** A datastore of the registry with the namespaces registered in it, by path. */
    public record RegisteredDatastore(DatastoreEntry datastore, List<String> namespaces) {
    }

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    /**
     * Registers a workload of the project. Each disk lies below a source root granted to the project (named, with a
     * path relative to it; or an absolute path below such a root), and no other workload of any project has it.
     */
    @Transactional
    public Workload addWorkload(String project, WorkloadInput r) {
        List<Workload.Disk> disks = disks(project, r.disks());
        if (Workload.findById(r.id()) != null) {
            throw DomainException.conflict("id", "workload " + r.id() + " exists already");
        }
        for (int i = 0; i < disks.size(); i++) {
            if (WorkloadDisk.findById(disks.get(i).path()) != null) {
                throw DomainException.conflict("disks[" + i + "].path", "disk image " + disks.get(i).path()
                        + " belongs to another workload");
            }
        }
        Workload w = new Workload();
        w.id = r.id();
        w.name = r.name();
        w.project = project;
        w.tags = r.tags() == null ? List.of() : List.copyOf(r.tags());
        w.disks = disks;
        w.createdAt = clock.instant();
        w.persist();
        for (Workload.Disk d : disks) {
            WorkloadDisk owner = new WorkloadDisk();
            owner.path = d.path();
            owner.workloadId = w.id;
            owner.name = d.name();
            owner.sourceRoot = d.sourceRoot();
            owner.relativePath = d.relativePath();
            owner.persist();
        }
        try {
            em.flush();
        } catch (PersistenceException e) {
            // another request registered one of these files (or this id) since the checks above
            throw DomainException.conflict("disks", "a disk image or the id of workload " + r.id()
                    + " was registered by another request just now");
        }
        return w;
    }

    /** The request's disks placed below the project's source roots, or 400 naming every disk at fault. */
    private static List<Workload.Disk> disks(String project, List<WorkloadInput.Disk> requested) {
        List<SourceRoot> granted = SourceRoot.<SourceRoot>listAll().stream().filter(root -> root.grantedTo(project))
                .toList();
        List<FieldError> errors = new ArrayList<>();
        List<Workload.Disk> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            WorkloadInput.Disk d = requested.get(i);
            String at = "disks[" + i + "]";
            SourceRoot root;
            String relative;
            if (d.sourceRoot() != null) {
                root = granted.stream().filter(g -> g.name.equals(d.sourceRoot())).findFirst().orElse(null);
                String bad = SourcePaths.relativeError(d.path());
                if (root == null) {
                    errors.add(new FieldError(at + ".sourceRoot", "source root " + d.sourceRoot()
                            + " is not granted to project " + project));
                    continue;
                }
                if (bad != null) {
                    errors.add(new FieldError(at + ".path", bad));
                    continue;
                }
                relative = d.path();
            } else {
                if (d.path() == null || !d.path().startsWith("/")) {
                    errors.add(new FieldError(at + ".sourceRoot", "name the source root the path is relative to"));
                    continue;
                }
                String bad = SourcePaths.absoluteError(d.path());
                if (bad != null) {
                    errors.add(new FieldError(at + ".path", bad));
                    continue;
                }
                root = granted.stream().filter(g -> SourcePaths.below(d.path(), g.path))
                        .max(Comparator.comparingInt(g -> g.path.length())).orElse(null);
                if (root == null) {
                    errors.add(new FieldError(at + ".path", "not below a source root granted to project "
                            + project));
                    continue;
                }
                relative = d.path().substring(root.path.length() + 1);
            }
            String path = root.resolve(relative);
            if (!names.add(d.name())) {
                errors.add(new FieldError(at + ".name", "drive " + d.name() + " is listed twice"));
            } else if (!paths.add(path)) {
                errors.add(new FieldError(at + ".path", "disk image " + path + " is listed twice"));
            } else {
                out.add(new Workload.Disk(d.name(), path, root.name, relative));
            }
        }
        if (!errors.isEmpty()) {
            throw DomainException.invalid(errors);
        }
        return out;
    }

    public List<Workload> workloads(List<String> projects) {
        return projects.isEmpty() ? List.of() : Workload.list("project in ?1", Sort.by("id"), projects);
    }

    /** Registers a datastore; the answer lists the namespaces registered under its name (normally none). */
    @Transactional
    public RegisteredDatastore addDatastore(DatastoreInput r) {
        if (DatastoreEntry.findById(r.name()) != null) {
            throw DomainException.conflict("name", "datastore " + r.name() + " exists already");
        }
        List<String> allowed = r.allowedProjects() == null ? List.of() : List.copyOf(r.allowedProjects());
        requireProjects(allowed);
        DatastoreEntry d = new DatastoreEntry();
        d.name = r.name();
        d.path = r.path();
        d.allowedProjects = allowed;
        d.createdAt = clock.instant();
        d.persist();
        return registered(d);
    }

    @Transactional
    public SourceRoot addSourceRoot(SourceRootInput r) {
        String bad = SourcePaths.rootError(r.path());
        if (bad != null) {
            throw DomainException.invalid("path", bad);
        }
        List<String> allowed = List.copyOf(new LinkedHashSet<>(r.allowedProjects()));
        requireProjects(allowed);
        if (SourceRoot.findById(r.name()) != null) {
            throw DomainException.conflict("name", "source root " + r.name() + " exists already");
        }
        SourceRoot same = SourceRoot.find("path", r.path()).firstResult();
        if (same != null) {
            throw DomainException.conflict("path", "source root " + same.name + " has this path already");
        }
        SourceRoot root = new SourceRoot();
        root.name = r.name();
        root.path = r.path();
        root.allowedProjects = allowed;
        root.createdAt = clock.instant();
        root.persist();
        return root;
    }

    /** 400 naming the first of the projects that does not exist. */
    private static void requireProjects(List<String> allowed) {
        for (int i = 0; i < allowed.size(); i++) {
            if (Project.findById(allowed.get(i)) == null) {
                throw DomainException.invalid("allowedProjects[" + i + "]", "unknown project '" + allowed.get(i) + "'");
            }
        }
    }

    /** Source roots granted to the projects (all of them for a system administrator). */
    public List<SourceRoot> sourceRoots(List<String> projects, boolean all) {
        List<SourceRoot> every = SourceRoot.listAll(Sort.by("name"));
        return all ? every : every.stream().filter(r -> projects.stream().anyMatch(r::grantedTo)).toList();
    }

    /** Datastores the projects may write to (all of them for a system administrator). */
    public List<RegisteredDatastore> datastores(List<String> projects, boolean all) {
        List<DatastoreEntry> every = DatastoreEntry.listAll(Sort.by("name"));
        return (all ? every : every.stream().filter(d -> projects.stream().anyMatch(d::allows)).toList()).stream()
                .map(InventoryService::registered).toList();
    }

    /** The datastore of that name with its namespaces, or null. */
    public RegisteredDatastore datastore(String name) {
        DatastoreEntry d = DatastoreEntry.findById(name);
        return d == null ? null : registered(d);
    }

    private static RegisteredDatastore registered(DatastoreEntry d) {
        return new RegisteredDatastore(d, DatastoreNamespace.of(d.name));
    }

    @Transactional
    public DatastoreNamespace addNamespace(String datastore, String path) {
        if (DatastoreEntry.findById(datastore) == null) {
            throw DomainException.notFound("datastore " + datastore);
        }
        try {
            if (Namespace.parse(path).isRoot()) {
                throw DomainException.invalid("path", "the root namespace always exists");
            }
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("path", e.getMessage());
        }
        if (DatastoreNamespace.findById(new DatastoreNamespace.Key(datastore, path)) != null) {
            throw DomainException.conflict("path", "namespace " + path + " exists already in " + datastore);
        }
        DatastoreNamespace ns = new DatastoreNamespace();
        ns.datastore = datastore;
        ns.path = path;
        ns.createdAt = clock.instant();
        ns.persist();
        return ns;
    }
}
