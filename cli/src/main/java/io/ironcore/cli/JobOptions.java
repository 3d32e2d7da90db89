package io.ironcore.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The job fields, with the product page's flag names; shared by {@code job create} and {@code job update}. */
public class JobOptions {
    @Option(names = "--schedule", description = "calendar event, e.g. \"02:00\" or \"Sun 03:00\"")
    String schedule;
    @Option(names = "--type", description = "workload type: vm")
    String type;
    @Option(names = "--source-id", split = ",", description = "workload ids, comma-separated or repeated")
    List<String> sourceIds;
    @Option(names = "--include", split = ",", description = "Include filters: name=GLOB, tag=TAG or project=NAME")
    List<String> include;
    @Option(names = "--exclude", split = ",", description = "Exclude filters: name=GLOB, tag=TAG or project=NAME")
    List<String> exclude;
    @Option(names = "--repository", description = "target datastore, e.g. ibs-primary")
    String repository;
    @Option(names = "--namespace", description = "datastore namespace, e.g. production")
    String namespace;
    @Option(names = "--mode", description = "incremental (default) or full")
    String mode;
    @Option(names = "--retention", description = "retention windows, e.g. keep-daily=7")
    String retention;
    @Option(names = "--notification-mode", description = "always, errors or never")
    String notificationMode;
    @Option(names = "--notification-group", description = "notification group (project administrators only)")
    String notificationGroup;
    @Option(names = "--timezone", description = "IANA time zone of the schedule (default UTC)")
    String timezone;
    @Option(names = "--description", description = "free text")
    String description;
    @Option(names = "--rpo", paramLabel = "<duration>", description = "recovery point objective: the longest "
            + "acceptable age of the newest good snapshot, e.g. 26h, 90m, 1d12h, 2w or PT26H (default: derived from "
            + "the schedule); on update, --rpo \"\" clears it (back to the schedule's)")
    String rpo;

    /** The fields given on the command line, as API fields (absent ones are left out). */
    Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "description", description);
        put(m, "type", type);
        if (sourceIds != null) {
            m.put("sourceIds", sourceIds.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        if (include != null) {
            m.put("include", filters("--include", include));
        }
        if (exclude != null) {
            m.put("exclude", filters("--exclude", exclude));
        }
        put(m, "datastore", repository);
        put(m, "namespace", namespace);
        put(m, "mode", mode);
        put(m, "schedule", schedule);
        put(m, "timezone", timezone);
        put(m, "retention", retention);
        put(m, "notificationMode", notificationMode);
        put(m, "notificationGroup", notificationGroup);
        if (rpo != null) {
            // an empty --rpo clears the job's own RPO (JSON merge patch null); on create it is the default anyway
            m.put("rpo", rpo.isBlank() ? null : rpo.trim());
        }
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    static List<Map<String, String>> filters(String flag, List<String> specs) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String key = eq < 0 ? "" : spec.substring(0, eq).trim();
            if (!List.of("name", "tag", "project").contains(key) || eq == spec.length() - 1) {
                throw new CliException(ExitCodes.USAGE, flag + " takes name=GLOB, tag=TAG or project=NAME, not '"
                        + spec + "'");
            }
            out.add(Map.of(key, spec.substring(eq + 1).trim()));
        }
        return out;
    }
}
