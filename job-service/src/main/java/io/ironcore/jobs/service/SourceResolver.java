package io.ironcore.jobs.service;

import io.ironcore.events.job.SourceFilter;
import io.ironcore.events.run.RunAction;
import io.ironcore.jobs.Job;
import io.ironcore.jobs.Snapshot;
import io.ironcore.jobs.Workload;
import io.ironcore.jobs.service.errors.DomainException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves a job's sources against the inventory now: the explicit ids, plus every workload an Include filter
 * selects (by name glob, tag or project), minus every workload an Exclude filter selects. A job selects only among
 * the workloads of its own project: a {@code project} filter naming another project (refused by the API, but a job
 * stored before may have one) selects nothing.
 */
public final class SourceResolver {
    private SourceResolver() {
    }

    public static List<Workload> resolve(String project, List<String> ids, List<SourceFilter> include,
                                         List<SourceFilter> exclude) {
        Map<String, Workload> selected = new LinkedHashMap<>();
        for (String id : ids == null ? List.<String>of() : ids) {
            Workload w = Workload.findById(id);
            if (w != null && w.project.equals(project)) {
                selected.put(w.id, w);
            }
        }
        List<SourceFilter> inc = include == null ? List.of() : include;
        if (!inc.isEmpty()) {
            List<Workload> candidates = Workload.list("project = ?1 order by id", project);
            for (Workload w : candidates) {
                if (inc.stream().anyMatch(f -> matches(f, w, project))) {
                    selected.putIfAbsent(w.id, w);
                }
            }
        }
        List<SourceFilter> exc = exclude == null ? List.of() : exclude;
        List<Workload> out = new ArrayList<>();
        for (Workload w : selected.values()) {
            if (exc.stream().noneMatch(f -> matches(f, w, null))) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * The sources of a run of the job. A backup, or a verify that names sources, gets what {@link #resolve} selects.
     * A verify that names none gets every backup group of the job's own project (its workloads, and the sources of
     * its snapshots in the job's datastore and namespace, also of deleted jobs and workloads), never the whole
     * namespace: a worker handed no sources would verify, and name in its failure, other projects' groups. The
     * returned workloads of groups whose workload is gone are not persisted (an id and no disks).
     */
    public static List<Workload> forRun(Job job) {
        boolean named = !(job.sourceIds == null || job.sourceIds.isEmpty())
                || !(job.include == null || job.include.isEmpty());
        if (job.action != RunAction.VERIFY || named) {
            List<Workload> selected = resolve(job.project, job.sourceIds, job.include, job.exclude);
            if (selected.isEmpty() && job.action == RunAction.VERIFY) {
                throw DomainException.conflict("sourceIds", "the job's sources select no workload right now");
            }
            return selected;
        }
        Map<String, Workload> groups = new LinkedHashMap<>();
        for (Workload w : Workload.<Workload>list("project = ?1 order by id", job.project)) {
            groups.put(w.id, w);
        }
        List<String> snapshotSources = Snapshot.getEntityManager().createQuery("select distinct s.sourceId from Snapshot s "
                        + "where s.project = ?1 and s.datastore = ?2 and s.namespace = ?3 and s.removedAt is null "
                        + "order by s.sourceId", String.class)
                .setParameter(1, job.project).setParameter(2, job.datastore)
                .setParameter(3, job.namespace == null ? "" : job.namespace).getResultList();
        for (String id : snapshotSources) {
            if (!groups.containsKey(id)) {
                Workload gone = new Workload();
                gone.id = id;
                gone.name = id;
                gone.project = job.project;
                gone.disks = List.of();
                groups.put(id, gone);
            }
        }
        List<SourceFilter> exc = job.exclude == null ? List.of() : job.exclude;
        List<Workload> out = groups.values().stream().filter(w -> exc.stream().noneMatch(f -> matches(f, w, null)))
                .toList();
        if (out.isEmpty()) {
            throw DomainException.conflict("sourceIds", "project " + job.project + " has no backup groups to verify");
        }
        return out;
    }

    /**
     * Whether a filter selects the workload. Include filters look only in the job's own project
     * ({@code ownProject}); a project filter selects all of it, and nothing when it names another project. Exclude
     * filters ({@code ownProject} null) apply to everything selected.
     */
    static boolean matches(SourceFilter f, Workload w, String ownProject) {
        if (ownProject != null && !ownProject.equals(w.project)) {
            return false;
        }
        if (f.project() != null) {
            return f.project().equals(w.project);
        }
        if (f.name() != null) {
            return glob(f.name()).matcher(w.name).matches();
        }
        return f.tag() != null && w.tags.contains(f.tag());
    }

    /** {@code *} any run of characters, {@code ?} one character, everything else literal. */
    public static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
