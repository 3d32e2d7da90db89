package io.ironcore.local.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of a Grafana dashboard ({@code deploy/observability/grafana/ironcore.json}): every panel's
 * {@code targets[].expr}, and the same with Grafana's variables replaced, ready for Prometheus' HTTP API.
 */
public final class GrafanaDashboard {
    /**
     * What each variable the dashboard may use stands for in a check: every project and job (the "All" choice), the
     * time range of an hour, and a rate interval of a minute.
     */
    public static final Map<String, String> VARIABLES = Map.of(
            "project", ".*",
            "job", ".*",
            "__range", "1h",
            "__rate_interval", "1m",
            "__interval", "1m");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");

    private GrafanaDashboard() {
    }

    /** One query of one panel. */
    public record Expression(String panel, String refId, String expr) {
        /** The query with the dashboard's variables replaced ({@link #VARIABLES}). */
        public String promql() {
            return substitute(expr);
        }
    }

    /** Every {@code targets[].expr} of every panel, rows' nested panels included, in the dashboard's order. */
    public static List<Expression> expressions(Path dashboard) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(dashboard.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Expression> all = new ArrayList<>();
        collect(root.path("panels"), all);
        return List.copyOf(all);
    }

    private static void collect(JsonNode panels, List<Expression> into) {
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) {
                into.add(new Expression(p.path("title").asText(), t.path("refId").asText(), t.path("expr").asText()));
            }
            collect(p.path("panels"), into);
        }
    }

    /** Replaces Grafana's variables ({@code $job}, {@code ${job}}, {@code $__range}); an unknown one fails. */
    public static String substitute(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = VARIABLES.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown dashboard variable $" + name + " in " + expr);
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        return m.appendTail(b).toString();
    }
}
