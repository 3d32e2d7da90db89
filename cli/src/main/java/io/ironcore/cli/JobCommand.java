package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ironcore-backup job ...}: the flags of the product page, verbatim. */
@Command(name = "job", description = "Create, list, show and run backup jobs.",
        subcommands = {JobCommand.Create.class, JobCommand.ListJobs.class, JobCommand.Show.class,
                JobCommand.RunNow.class})
public class JobCommand {

    @Command(name = "create", description = "Create a backup job.", mixinStandardHelpOptions = true)
    static class Create implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--name", required = true, description = "job name, e.g. daily-prod-incr")
        String name;
        @Option(names = "--schedule", description = "calendar event, e.g. \"02:00\" or \"Sun 03:00\"")
        String schedule;
        @Option(names = "--type", defaultValue = "vm", description = "workload type (default ${DEFAULT-VALUE})")
        String type;
        @Option(names = "--source-id", required = true, split = ",",
                description = "workload ids, comma-separated or repeated")
        List<String> sourceIds;
        @Option(names = "--repository", required = true, description = "target datastore, e.g. ibs-primary")
        String repository;
        @Option(names = "--namespace", description = "datastore namespace, e.g. production")
        String namespace;
        @Option(names = "--mode", description = "incremental (default) or full")
        String mode;
        @Option(names = "--retention", description = "retention windows, e.g. keep-daily=7")
        String retention;
        @Option(names = "--notification-mode", description = "always, errors or never")
        String notificationMode;
        @Option(names = "--notification-group", description = "notification group name")
        String notificationGroup;
        @Option(names = "--timezone", description = "IANA time zone of the schedule (default UTC)")
        String timezone;
        @Option(names = "--description", description = "free text")
        String description;
        @Option(names = "--disabled", description = "create the job paused")
        boolean disabled;
        @Option(names = "--output", defaultValue = "text", description = "text or json")
        String output;

        @Override
        public void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("description", description);
            body.put("type", type);
            body.put("sourceIds", sourceIds.stream().map(String::trim).toList());
            body.put("datastore", repository);
            body.put("namespace", namespace);
            body.put("mode", mode);
            body.put("schedule", schedule);
            body.put("timezone", timezone);
            body.put("retention", retention);
            body.put("notificationMode", notificationMode);
            body.put("notificationGroup", notificationGroup);
            body.put("enabled", !disabled);
            JsonNode job = connection.client().post("/api/v1/jobs", body);
            Output.print(spec, output, job, () -> "created job " + job.path("name").asText()
                    + nextRun(job));
        }
    }

    @Command(name = "list", description = "List backup jobs with their next run times.",
            mixinStandardHelpOptions = true)
    static class ListJobs implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--output", defaultValue = "text", description = "text or json")
        String output;

        @Override
        public void run() {
            JsonNode jobs = connection.client().get("/api/v1/jobs");
            JsonNode list = jobs.has("items") ? jobs.get("items") : jobs;
            Output.print(spec, output, list, () -> {
                Table t = new Table("NAME", "TYPE", "MODE", "SCHEDULE", "DATASTORE", "NAMESPACE", "STATE", "LAST RUN",
                        "NEXT RUN");
                for (JsonNode j : list) {
                    t.row(j.path("name").asText(), j.path("type").asText(), j.path("mode").asText(),
                            j.path("schedule").asText(""), j.path("datastore").asText(), j.path("namespace").asText(""),
                            j.path("state").asText(), lastRun(j), j.path("nextRunAt").asText(""));
                }
                return t;
            });
        }
    }

    @Command(name = "show", description = "Show one backup job.", mixinStandardHelpOptions = true)
    static class Show implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--name", required = true, description = "job name")
        String name;
        @Option(names = "--output", defaultValue = "text", description = "text or json")
        String output;

        @Override
        public void run() {
            JsonNode j = connection.client().get("/api/v1/jobs/" + Output.path(name));
            Output.print(spec, output, j, () -> {
                Table t = new Table("FIELD", "VALUE");
                for (String f : List.of("name", "id", "type", "mode", "schedule", "timezone", "datastore", "namespace",
                        "retention", "notificationMode", "notificationGroup", "enabled", "state", "nextRunAt")) {
                    t.row(f, j.path(f).isMissingNode() || j.path(f).isNull() ? null : j.path(f).asText());
                }
                t.row("sourceIds", String.join(",", Output.texts(j.path("sourceIds"))));
                t.row("lastRun", lastRun(j));
                return t;
            });
        }
    }

    @Command(name = "run", description = "Run a job now. The schedule is not moved.", mixinStandardHelpOptions = true)
    static class RunNow implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--name", required = true, description = "job name")
        String name;
        @Option(names = "--wait", description = "wait until the run has finished; exit 1 if it failed")
        boolean await;
        @Option(names = "--timeout", defaultValue = "PT1H", description = "longest wait, ISO-8601 (default 1 hour)")
        Duration timeout;
        @Option(names = "--output", defaultValue = "text", description = "text or json")
        String output;

        @Override
        public void run() {
            ApiClient api = connection.client();
            JsonNode run = api.post("/api/v1/jobs/" + Output.path(name) + "/run", null);
            String id = run.path("id").asText();
            if (!await) {
                Output.print(spec, output, run, () -> "run " + id + " of job " + name + " queued");
                return;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            String state = run.path("state").asText();
            while (!state.equals("Completed") && !state.equals("Failed")) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(ExitCodes.FAILED, "run " + id + " still " + state + " after " + timeout);
                }
                sleep();
                run = api.get("/api/v1/jobs/" + Output.path(name) + "/runs/" + id);
                state = run.path("state").asText();
            }
            JsonNode finished = run;
            Output.print(spec, output, finished, () -> "run " + id + " of job " + name + " " + finished.path("state")
                    .asText() + (finished.hasNonNull("reason") ? ": " + finished.get("reason").asText() : "")
                    + Output.stats(finished));
            if (state.equals("Failed")) {
                throw new CliException(ExitCodes.FAILED, "run " + id + " failed: " + run.path("reason").asText());
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.FAILED, "interrupted");
            }
        }
    }

    static String lastRun(JsonNode job) {
        JsonNode r = job.path("lastRun");
        if (r.isMissingNode() || r.isNull()) {
            return null;
        }
        String at = r.hasNonNull("finishedAt") ? r.get("finishedAt").asText() : r.path("requestedAt").asText();
        return r.path("state").asText() + " " + at;
    }

    static String nextRun(JsonNode job) {
        return job.hasNonNull("nextRunAt") ? ", next run " + job.get("nextRunAt").asText() : "";
    }
}
