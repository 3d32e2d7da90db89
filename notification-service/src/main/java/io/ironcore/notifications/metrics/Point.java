package io.ironcore.notifications.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One metric point of a finished run, prune or sync: {@code ironcore_<kind>} with tags (project, job, status, ...),
 * numeric fields, and the time it finished. Written as InfluxDB line protocol or as Graphite plaintext lines.
 *
 * @param kind   {@code run}, {@code prune} or {@code sync}
 * @param fields integers (bytes, counts) or doubles (seconds)
 */
public record Point(String kind, String project, String job, Map<String, String> tags, Map<String, Number> fields,
                    Instant time) {
    public static final String DEFAULT_GRAPHITE_PREFIX = "ironcore";

    public Point {
        tags = new LinkedHashMap<>(tags);
        fields = new LinkedHashMap<>(fields);
    }

    /** The InfluxDB line: {@code ironcore_run,project=P,job=J,status=Completed duration_seconds=3,bytes_read=10i T}. */
    public String influxLine() {
        StringBuilder b = new StringBuilder("ironcore_").append(kind);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("project", project);
        all.put("job", job);
        all.putAll(tags);
        all.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                b.append(',').append(k).append('=').append(escapeTag(v));
            }
        });
        b.append(' ');
        b.append(fields.entrySet().stream().map(e -> e.getKey() + "=" + influxValue(e.getValue()))
                .collect(Collectors.joining(",")));
        b.append(' ').append(time.getEpochSecond()).append('\n');
        return b.toString();
    }

    /**
     * The Graphite lines, one per field: {@code PREFIX.PROJECT.JOB.run.duration_seconds 3 T}, and
     * {@code ...run.failed} 1 or 0 (Graphite has no tags for the status). Dots, spaces and other characters outside
     * letters, digits, '_' and '-' in the project's and job's names become '_'.
     */
    public String graphiteLines(String prefix) {
        String base = (prefix == null ? DEFAULT_GRAPHITE_PREFIX : prefix) + "." + segment(project) + "."
                + segment(job) + "." + kind + ".";
        StringBuilder b = new StringBuilder();
        Map<String, Number> all = new LinkedHashMap<>(fields);
        all.put("failed", "Failed".equals(tags.get("status")) ? 1 : 0);
        all.forEach((k, v) -> b.append(base).append(k).append(' ').append(graphiteValue(v)).append(' ')
                .append(time.getEpochSecond()).append('\n'));
        return b.toString();
    }

    /** A name as one Graphite path segment. */
    static String segment(String name) {
        if (name == null || name.isEmpty()) {
            return "_";
        }
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String escapeTag(String v) {
        return v.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ")
                .replaceAll("[\\r\\n]", " ");
    }

    private static String influxValue(Number n) {
        return n instanceof Double || n instanceof Float ? graphiteValue(n) : n.longValue() + "i";
    }

    private static String graphiteValue(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d)
                    : String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(n.longValue());
    }
}
