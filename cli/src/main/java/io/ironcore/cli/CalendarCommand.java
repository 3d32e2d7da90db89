package io.ironcore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ironcore.calendar.CalendarEvent;
import io.ironcore.calendar.CalendarSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ironcore-backup calendar ...}: the schedule syntax, offline (the engine the scheduler uses). */
@Command(name = "calendar", description = "Check schedules offline: normalized form and next run times.",
        mixinStandardHelpOptions = true,
        subcommands = {CalendarCommand.Next.class, CalendarCommand.Normalize.class})
public class CalendarCommand {

    @Command(name = "next", mixinStandardHelpOptions = true,
            description = "The next elapses of calendar events (systemd OnCalendar syntax). Without EXPR, reads one "
                    + "expression per line from stdin.")
    static class Next implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(arity = "0..*", paramLabel = "EXPR", description = "calendar events, e.g. \"Sun 03:00\"")
        List<String> expressions;
        @Option(names = "--from", description = "base time, ISO-8601 instant (default now)")
        Instant from;
        @Option(names = "--count", defaultValue = "5", description = "elapses per expression (default ${DEFAULT-VALUE})")
        int count;
        @Option(names = "--zone", defaultValue = "UTC",
                description = "time zone unless the expression names one (default ${DEFAULT-VALUE})")
        String zone;
        @Option(names = "--output", defaultValue = "text", description = "text or json (one object per line)")
        String output;

        @Override
        public Integer call() throws IOException {
            if (count < 0 || count > 100_000) {
                throw new CliException(ExitCodes.USAGE, "--count must be between 0 and 100000");
            }
            if (!output.equals("text") && !output.equals("json")) {
                throw new CliException(ExitCodes.USAGE, "--output must be text or json, not '" + output + "'");
            }
            ZoneId defaultZone;
            try {
                defaultZone = ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new CliException(ExitCodes.USAGE, "--zone: unknown time zone '" + zone + "'");
            }
            Instant base = from != null ? from : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            List<String> input = expressions != null && !expressions.isEmpty() ? expressions : stdin();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            boolean failed = false;
            for (String expression : input) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("expression", expression);
                try {
                    CalendarEvent event = CalendarEvent.parse(expression);
                    List<String> next = event.next(base, defaultZone, count).stream()
                            .map(t -> DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS))).toList();
                    result.put("normalized", event.normalized());
                    result.put("next", next);
                    if (output.equals("text")) {
                        text(out, expression, event.normalized(), next);
                    }
                } catch (CalendarSyntaxException e) {
                    failed = true;
                    result.put("error", e.getMessage());
                    if (output.equals("text")) {
                        err.println("ironcore-backup: " + expression + ": " + e.getMessage());
                    }
                }
                if (output.equals("json")) {
                    out.println(json(result));
                }
            }
            out.flush();
            err.flush();
            return failed ? ExitCodes.INVALID : ExitCodes.OK;
        }

        private static void text(PrintWriter out, String expression, String normalized, List<String> next) {
            out.println("  Original form: " + expression);
            out.println("Normalized form: " + normalized);
            if (next.isEmpty()) {
                out.println("    Next elapse: never");
            }
            for (int i = 0; i < next.size(); i++) {
                out.println((i == 0 ? "    Next elapse: " : "         (" + (i + 1) + "): ") + next.get(i));
            }
            out.println();
        }

        private static List<String> stdin() throws IOException {
            List<String> lines = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        }

        private static String json(Object value) {
            try {
                return Json.MAPPER.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new CliException(ExitCodes.FAILED, e.getMessage());
            }
        }
    }

    @Command(name = "normalize", mixinStandardHelpOptions = true,
            description = "The normalized form of a calendar event, as systemd prints it.")
    static class Normalize implements Runnable {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "EXPR", description = "a calendar event")
        String expression;

        @Override
        public void run() {
            try {
                spec.commandLine().getOut().println(CalendarEvent.parse(expression).normalized());
            } catch (CalendarSyntaxException e) {
                throw new CliException(ExitCodes.INVALID, e.getMessage());
            }
        }
    }
}
