package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.calendar.CalendarEvent;
import io.ironcore.calendar.CalendarSyntaxException;
import io.ironcore.retention.Decision;
import io.ironcore.retention.Projection;
import io.ironcore.retention.PruneResult;
import io.ironcore.retention.Retention;
import io.ironcore.retention.RetentionCandidate;
import io.ironcore.retention.RetentionPolicy;
import io.ironcore.retention.RetentionSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code ironcore-backup prune simulate}: the Prune Simulator, offline or on a job's real snapshots. */
@Command(name = "prune", description = "Preview retention: which snapshots a policy keeps, and why.",
        mixinStandardHelpOptions = true,
        subcommands = {PruneCommand.Simulate.class})
public class PruneCommand {

    @Command(name = "simulate", mixinStandardHelpOptions = true, description = {
            "Without --job or --schedule: reads snapshot instants from stdin (one ISO-8601 instant per line) and "
                    + "prints one decision per line, in input order.",
            "--job NAME: the job's real snapshots and retention, through the API, decided per backup group (each "
                    + "VM's own series, as the prune pass does); the GROUP column (group in JSON) names it.",
            "--schedule: the snapshots a schedule makes from --from for --days, pruned after each one; shows the "
                    + "generations that exist at the end (or --on DATE) and a storage estimate."})
    static class Simulate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--retention", description = "windows, e.g. 'keep-daily=7, keep-weekly=4' (default with "
                + "--job: the job's own)")
        String retention;
        @Option(names = "--zone", description = "time zone of the periods (default UTC, or the job's)")
        String zone;
        @Option(names = "--job", description = "simulate on this job's snapshots (through the API)")
        String job;
        @Option(names = "--schedule", description = "project this schedule instead, e.g. 'Sun 03:00'")
        String schedule;
        @Option(names = "--from", description = "with --schedule: the first day (default today)")
        LocalDate from;
        @Option(names = "--days", defaultValue = "400", description = "with --schedule: how many days (default "
                + "${DEFAULT-VALUE})")
        int days;
        @Option(names = "--on", description = "with --schedule: the generations that exist on this day")
        LocalDate on;
        @Option(names = "--full-size", description = "with --schedule: bytes a full backup adds (storage estimate)")
        Long fullSize;
        @Option(names = "--change-ratio", description = "with --schedule: share of a full an incremental adds "
                + "(storage estimate), e.g. 0.01")
        Double changeRatio;
        @Option(names = "--output", defaultValue = "text", description = "text or json (one object per line)")
        String output;

        @Override
        public Integer call() throws IOException {
            if (!output.equals("text") && !output.equals("json")) {
                throw new CliException(ExitCodes.USAGE, "--output must be text or json, not '" + output + "'");
            }
            if (job != null && schedule == null) {
                return simulateJob();
            }
            JsonNode jobView = job == null ? null : connection.client().get(connection.scoped("/api/v1/jobs/"
                    + Output.path(job)));
            String windows = retention != null ? retention : jobView != null ? jobView.path("retention").asText(null)
                    : null;
            if (windows == null) {
                throw new CliException(ExitCodes.USAGE, jobView != null ? "job " + job + " has no retention; give "
                        + "--retention" : "--retention is required");
            }
            RetentionPolicy policy;
            try {
                policy = RetentionPolicy.parse(windows);
            } catch (RetentionSyntaxException e) {
                throw new CliException(ExitCodes.INVALID, "--retention: " + e.getMessage());
            }
            ZoneId z = zone(jobView);
            if (schedule != null) {
                return project(policy, z, jobView);
            }
            PruneResult result = Retention.apply(policy, stdin(), z);
            PrintWriter out = spec.commandLine().getOut();
            if (output.equals("text")) {
                Table t = new Table("TIME", "KEEP", "REASON");
                result.decisions().forEach(d -> t.row(d.time(), d.keep() ? "keep" : "remove", d.reason()));
                t.print(out);
            } else {
                for (Decision d : result.decisions()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("time", d.time().toString());
                    line.put("keep", d.keep());
                    line.put("reason", d.reason());
                    out.println(Json.MAPPER.writeValueAsString(line));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }

        /**
         * The job's snapshots, decided by job-service per backup group as a prune pass decides them (never one merged
         * series of all its VMs): one row per snapshot, naming its group.
         */
        private int simulateJob() throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("job", job);
            if (retention != null) {
                try {
                    body.put("retention", RetentionPolicy.parse(retention).format());
                } catch (RetentionSyntaxException e) {
                    throw new CliException(ExitCodes.INVALID, "--retention: " + e.getMessage());
                }
            }
            if (zone != null) {
                body.put("timezone", zone(null).getId());
            }
            JsonNode answer = connection.client().post(connection.scoped("/api/v1/retention/simulate"), body);
            PrintWriter out = spec.commandLine().getOut();
            if (output.equals("text")) {
                Table t = new Table("GROUP", "TIME", "KEEP", "REASON");
                answer.path("generations").forEach(g -> t.row(g.path("group").asText(""), g.path("time").asText(),
                        g.path("keep").asBoolean() ? "keep" : "remove", g.path("reason").asText()));
                t.print(out);
            } else {
                for (JsonNode g : answer.path("generations")) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("group", g.path("group").asText(null));
                    line.put("time", g.path("time").asText());
                    line.put("keep", g.path("keep").asBoolean());
                    line.put("reason", g.path("reason").asText());
                    line.put("snapshotId", g.path("snapshotId").asText(null));
                    out.println(Json.MAPPER.writeValueAsString(line));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }

        private ZoneId zone(JsonNode jobView) {
            String z = zone != null ? zone : jobView != null ? jobView.path("timezone").asText("UTC") : "UTC";
            try {
                return ZoneId.of(z);
            } catch (DateTimeException e) {
                throw new CliException(ExitCodes.USAGE, "--zone: unknown time zone '" + z + "'");
            }
        }

        private static List<RetentionCandidate> stdin() throws IOException {
            List<RetentionCandidate> out = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            int n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Instant t = Instant.parse(line.trim());
                    String id = ids.add(t.toString()) ? t.toString() : t + " (line " + n + ")";
                    ids.add(id);
                    out.add(RetentionCandidate.of(id, t));
                } catch (DateTimeParseException e) {
                    throw new CliException(ExitCodes.INVALID, "line " + n + ": not an ISO-8601 instant: '"
                            + line.trim() + "'");
                }
            }
            return out;
        }

        private int project(RetentionPolicy policy, ZoneId z, JsonNode jobView) throws IOException {
            CalendarEvent event;
            try {
                event = CalendarEvent.parse(schedule);
            } catch (CalendarSyntaxException e) {
                throw new CliException(ExitCodes.INVALID, "--schedule: " + e.getMessage());
            }
            if (days < 1 || days > 36600) {
                throw new CliException(ExitCodes.USAGE, "--days must be between 1 and 36600");
            }
            Instant start = (from != null ? from : LocalDate.now(z)).atStartOfDay(z).toInstant();
            Instant end = start.plus(days, ChronoUnit.DAYS);
            List<Instant> made = event.elapses(start.minusNanos(1000), z).takeWhile(t -> t.isBefore(end))
                    .limit(1_000_000).toList();
            Projection projection = Retention.project(policy, made, z);
            Instant at = on == null ? end : on.plusDays(1).atStartOfDay(z).toInstant();
            List<Projection.Generation> alive = projection.generations().stream()
                    .filter(g -> g.created().isBefore(at) && (g.removed() == null || g.removed().isAfter(at)))
                    .toList();
            Estimate estimate = estimate(jobView, alive.size());
            PrintWriter out = spec.commandLine().getOut();
            if (output.equals("json")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("schedule", event.normalized());
                m.put("retention", policy.toString());
                m.put("made", made.size());
                m.put("peak", projection.peakKept());
                m.put("on", at.toString());
                m.put("generations", alive.stream().map(g -> g.created().toString()).toList());
                if (estimate != null) {
                    m.put("estimatedBytes", estimate.bytes());
                    m.put("estimateBasis", estimate.basis());
                }
                out.println(Json.MAPPER.writeValueAsString(m));
            } else {
                out.printf("%d snapshots made by '%s' from %s in %d days; at most %d kept at once%n", made.size(),
                        event.normalized(), start, days, projection.peakKept());
                out.printf("%d generations exist %s:%n", alive.size(), on == null ? "at the end" : "on " + on);
                alive.forEach(g -> out.println("  " + g.created()));
                if (estimate != null) {
                    out.printf("estimated datastore use: %.1f GiB (%s)%n", estimate.bytes() / 1073741824.0,
                            estimate.basis());
                }
            }
            out.flush();
            return ExitCodes.OK;
        }

        private record Estimate(long bytes, String basis) {
        }

        /** First full plus what each further generation adds: measured on the job's runs, or given. */
        private Estimate estimate(JsonNode jobView, int generations) {
            if (generations == 0) {
                return null;
            }
            if (jobView != null && fullSize == null) {
                JsonNode runs = connection.client().get(connection.scoped("/api/v1/jobs/" + Output.path(job)
                        + "/runs?limit=500")).path("items");
                long full = 0;
                long added = 0;
                int incrementals = 0;
                for (JsonNode r : runs) {
                    if (!"Completed".equals(r.path("state").asText())) {
                        continue;
                    }
                    long written = r.path("stats").path("bytesWritten").asLong();
                    long read = r.path("stats").path("bytesRead").asLong();
                    full = Math.max(full, read);
                    added += written;
                    incrementals++;
                }
                if (incrementals == 0) {
                    return null;
                }
                long perRun = added / incrementals;
                return new Estimate(full + (generations - 1) * perRun, String.format(
                        "measured on %d runs of %s: %s per run after a %s image", incrementals, job, human(perRun),
                        human(full)));
            }
            if (fullSize != null && changeRatio != null) {
                long perRun = (long) (fullSize * changeRatio);
                return new Estimate(fullSize + (generations - 1) * perRun, String.format("a %s full, %s per "
                        + "further generation", human(fullSize), human(perRun)));
            }
            return null;
        }

        private static String human(long bytes) {
            return bytes >= 1L << 30 ? String.format("%.1f GiB", bytes / 1073741824.0)
                    : String.format("%.1f MiB", bytes / 1048576.0);
        }
    }
}
