package io.ironcore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Text or JSON output. */
final class Output {
    private Output() {
    }

    static void print(CommandSpec spec, String format, JsonNode json, Supplier<Object> text) {
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "json" -> {
                try {
                    out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
                } catch (JsonProcessingException e) {
                    throw new CliException(ExitCodes.FAILED, e.getMessage());
                }
            }
            case "text" -> {
                Object t = text.get();
                if (t instanceof Table table) {
                    table.print(out);
                } else {
                    out.println(t);
                }
            }
            default -> throw new CliException(ExitCodes.USAGE, "--output must be text or json, not '" + format + "'");
        }
        out.flush();
    }

    static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static String filters(JsonNode filters) {
        List<String> out = new ArrayList<>();
        filters.forEach(f -> f.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                out.add(e.getKey() + "=" + e.getValue().asText());
            }
        }));
        return String.join(",", out);
    }

    static String stats(JsonNode run) {
        JsonNode s = run.path("stats");
        if (s.isMissingNode() || s.isNull()) {
            return "";
        }
        return String.format(" (%d bytes read, %d changed, %d written; %d snapshot(s))", s.path("bytesRead").asLong(),
                s.path("bytesChanged").asLong(), s.path("bytesWritten").asLong(), run.path("snapshots").size());
    }
}
