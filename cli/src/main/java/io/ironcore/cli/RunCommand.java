package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** {@code ironcore-backup run ...}: a job's run history. */
@Command(name = "run", description = "List and show the runs of a job.",
        mixinStandardHelpOptions = true,
        subcommands = {RunCommand.ListRuns.class, RunCommand.Show.class})
public class RunCommand {

    @Command(name = "list", description = "The runs of a job, newest first.", mixinStandardHelpOptions = true)
    static class ListRuns implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--job", required = true, description = "job name")
        String job;
        @Option(names = "--limit", defaultValue = "20", description = "how many (default ${DEFAULT-VALUE})")
        int limit;
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            JsonNode page = connection.client().get(connection.scoped("/api/v1/jobs/" + Output.path(job)
                    + "/runs?limit=" + limit));
            JsonNode items = page.path("items");
            output.print(spec, items, () -> {
                Table t = new Table("RUN", "TRIGGER", "STATE", "REQUESTED", "FINISHED", "READ", "WRITTEN", "REASON");
                for (JsonNode r : items) {
                    t.row(r.path("id").asText(), r.path("trigger").asText(), r.path("state").asText(),
                            r.path("requestedAt").asText(), r.path("finishedAt").asText(""),
                            r.path("stats").path("bytesRead").asText(""),
                            r.path("stats").path("bytesWritten").asText(""), r.path("reason").asText(""));
                }
                return t;
            });
        }
    }

    @Command(name = "show", description = "One run: its state, statistics and snapshots.",
            mixinStandardHelpOptions = true)
    static class Show implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--job", required = true, description = "job name")
        String job;
        @Option(names = "--id", required = true, description = "run id")
        String id;
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            JsonNode r = connection.client().get(connection.scoped("/api/v1/jobs/" + Output.path(job) + "/runs/"
                    + Output.path(id)));
            output.print(spec, r, () -> {
                Table t = new Table("FIELD", "VALUE");
                for (String f : List.of("id", "jobName", "trigger", "state", "requestedAt", "startedAt",
                        "finishedAt", "workerId", "attempt", "reason")) {
                    t.row(f, r.path(f).isMissingNode() || r.path(f).isNull() ? null : r.path(f).asText());
                }
                JsonNode s = r.path("stats");
                s.fieldNames().forEachRemaining(f -> t.row("stats." + f, s.get(f).asText()));
                r.path("snapshots").forEach(sn -> t.row("snapshot " + sn.path("sourceId").asText(),
                        sn.path("snapshotId").asText()));
                return t;
            });
        }
    }

    /** Polls a run until it has finished, or fails after the timeout. */
    static JsonNode await(ApiClient api, String path, Duration timeout) {
        return await(api, path, timeout, r -> r.path("state").asText().equals("Completed")
                || r.path("state").asText().equals("Failed"), r -> "run " + r.path("id").asText() + " still "
                + r.path("state").asText());
    }

    /** Polls {@code path} until {@code finished} holds for what it answers; fails after the timeout. */
    static JsonNode await(ApiClient api, String path, Duration timeout, Predicate<JsonNode> finished,
                          Function<JsonNode, String> stillWhat) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode run = api.get(path);
        while (!finished.test(run)) {
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.FAILED, stillWhat.apply(run) + " after " + timeout);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.FAILED, "interrupted");
            }
            run = api.get(path);
        }
        return run;
    }
}
