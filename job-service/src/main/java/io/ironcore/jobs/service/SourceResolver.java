package io.ironcore.jobs.service;

import io.ironcore.events.job.SourceFilter;
import io.ironcore.jobs.Workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Resolves a job's sources against the inventory now: the explicit ids, plus every workload an Include filter
 * selects (by name glob, tag or project), minus every workload an Exclude filter selects. A job selects among
 * the workloads of its own project and of the projects its Include filters name.
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
            Set<String> projects = new TreeSet<>();
            projects.add(project);
            inc.stream().map(SourceFilter::project).filter(p -> p != null).forEach(projects::add);
            List<Workload> candidates = Workload.list("project in ?1 order by id", projects);
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
     * Whether a filter selects the workload. Name and tag filters of an Include look only in the job's own project
     * ({@code ownProject}); a project filter selects all of that project. Exclude filters ({@code ownProject} null)
     * apply to everything selected.
     */
    static boolean matches(SourceFilter f, Workload w, String ownProject) {
        if (f.project() != null) {
            return f.project().equals(w.project);
        }
        if (ownProject != null && !ownProject.equals(w.project)) {
            return false;
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
