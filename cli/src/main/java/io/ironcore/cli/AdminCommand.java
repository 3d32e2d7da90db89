package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/** {@code ironcore-backup admin}: operations on the services themselves, with the services' admin token. */
@Command(name = "admin", description = "Operate the services: rebuild a projection from the event log.",
        subcommands = {AdminCommand.Rebuild.class})
public class AdminCommand {

    /** The services whose projection can be rebuilt, and where each listens by default (deploy/local's ports). */
    static final Map<String, String> SERVICES = new LinkedHashMap<>();
    private static final String JOB_SERVICE = "job-service";

    static {
        SERVICES.put("job-service", "http://127.0.0.1:8080");
        SERVICES.put("scheduler-service", "http://127.0.0.1:8081");
        SERVICES.put("prune-service", "http://127.0.0.1:8083");
        SERVICES.put("sync-service", "http://127.0.0.1:8084");
        SERVICES.put("notification-service", "http://127.0.0.1:8085");
    }

    /**
     * {@code admin rebuild --service S}: the service replays its topics from offset 0 into a fresh projection and
     * compares it with the live one (POST /api/v1/admin/rebuild); with {@code --replace} the rebuilt rows replace the
     * live ones in one transaction.
     */
    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Rebuild a service's projection from the event log (every event from offset 0, through the "
                    + "service's own handler) and compare it with the live one, row for row; with --replace, replace "
                    + "the live rows in one transaction. The history tables and the metrics' totals are not touched.",
            footer = {"%nExit codes:", "  0  the rebuilt projection equals the live one, or it replaced it",
                    "  3  compared only: the rebuilt projection differs from the live one (each row is listed)",
                    "  4  the rebuild conflicted with the live consumer writing the same rows: run it again",
                    "  other: as for every command (see ironcore-backup --help)"})
    static class Rebuild implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--service", required = true, paramLabel = "<service>",
                description = "the service: ${COMPLETION-CANDIDATES}", completionCandidates = Services.class)
        String service;

        @Option(names = "--url", paramLabel = "<url>", description = "the service's URL (default: its local port, "
                + "e.g. http://127.0.0.1:8085 for notification-service; for job-service IRONCORE_URL, else "
                + "http://127.0.0.1:8080)")
        String url;

        @Option(names = "--admin-token", paramLabel = "<token>",
                description = "the service's admin token (env IRONCORE_ADMIN_TOKEN)")
        String token;

        @Option(names = "--replace", description = "replace the live rows with the rebuilt ones (default: compare "
                + "only, nothing changes)")
        boolean replace;

        @Option(names = "--force", description = "with --replace, for job-service: replace even when live runs are "
                + "not on the log (older than its retention, or not published yet); they are deleted")
        boolean force;

        @Mixin
        Options.OutputFormat output;

        @Override
        public Integer call() {
            output.check();
            String defaultUrl = SERVICES.get(service);
            if (defaultUrl == null) {
                throw new CliException(ExitCodes.USAGE, "--service: no rebuild for '" + service + "'; one of "
                        + String.join(", ", SERVICES.keySet()));
            }
            String given = url != null || !JOB_SERVICE.equals(service) ? url
                    : Connection.first(System.getenv("IRONCORE_URL"), null); // where the other commands find it
            String base = Connection.checkedUrl(given != null ? given.trim() : defaultUrl, "--url")
                    .replaceAll("/+$", "");
            ApiClient client = new ApiClient(base, Connection.first(token, System.getenv("IRONCORE_ADMIN_TOKEN"),
                    null), service, Duration.ofMinutes(10));
            JsonNode result;
            try {
                result = client.post("/api/v1/admin/rebuild" + (replace ? "?replace=true" : "")
                        + (replace && force ? "&force=true" : ""), null);
            } catch (CliException e) {
                if (e.exitCode() == ExitCodes.UNAUTHORIZED && JOB_SERVICE.equals(service)) {
                    // ApiClient names job-service's user tokens; the admin endpoint takes the admin token
                    throw new CliException(e.exitCode(), "not authenticated: give job-service's admin token with "
                            + "--admin-token or IRONCORE_ADMIN_TOKEN (not a user's API token)");
                }
                throw e;
            }
            output.print(spec, result, () -> text(result));
            return result.path("replaced").asBoolean() || result.path("differencesFound").asInt() == 0
                    ? ExitCodes.OK : ExitCodes.DIFFERENT;
        }
    }

    static final class Services implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SERVICES.keySet().iterator();
        }
    }

    /** The result in lines: what was rebuilt from how much of the log, then each row that differs. */
    static String text(JsonNode r) {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        int found = r.path("differencesFound").asInt();
        out.printf("%s: %s from %d events (%d malformed left out): %s%n", r.path("service").asText(),
                r.path("replaced").asBoolean() ? "rebuilt and replaced" : "rebuilt and compared",
                r.path("events").asLong(), r.path("malformed").asLong(),
                found == 0 ? "equal to the live projection"
                        : found + (found == 1 ? " row differs" : " rows differ")
                                + (r.path("replaced").asBoolean() ? " (now replaced)" : ""));
        Table t = new Table("TABLE", "LIVE ROWS", "REBUILT ROWS");
        r.path("rebuiltRows").fields().forEachRemaining(e -> t.row(e.getKey(),
                r.path("liveRows").path(e.getKey()).asText(), e.getValue().asText()));
        t.print(out);
        for (JsonNode d : r.path("differences")) {
            out.println(d.path("table").asText() + " " + d.path("key").asText() + ": " + difference(d));
        }
        if (found > r.path("differences").size()) {
            out.println("... and " + (found - r.path("differences").size()) + " more (see --output json)");
        }
        if (r.path("lag").asLong() > 0 && found > 0 && !r.path("replaced").asBoolean()) {
            out.println("the live consumer had not committed " + r.path("lag").asLong() + " of the replayed events: "
                    + "some differences may be events it has not handled yet; compare again");
        }
        out.flush();
        return s.toString().stripTrailing();
    }

    /** Only live or only rebuilt, or the columns whose values differ as {@code column: live -> rebuilt}. */
    private static String difference(JsonNode d) {
        JsonNode live = d.path("live");
        JsonNode rebuilt = d.path("rebuilt");
        if (live.isNull() || live.isMissingNode()) {
            return "not in the live projection";
        }
        if (rebuilt.isNull() || rebuilt.isMissingNode()) {
            return "only in the live projection (the log has no such row)";
        }
        List<String> parts = new ArrayList<>();
        live.fields().forEachRemaining(e -> {
            String before = e.getValue().isNull() ? null : e.getValue().asText();
            JsonNode after = rebuilt.path(e.getKey());
            String a = after.isNull() || after.isMissingNode() ? null : after.asText();
            if (!Objects.equals(before, a)) {
                parts.add(e.getKey() + ": " + before + " -> " + a);
            }
        });
        return String.join(", ", parts);
    }
}
