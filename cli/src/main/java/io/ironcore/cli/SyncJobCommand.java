package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code ironcore-backup sync-job ...}: replication of a datastore namespace to another datastore. */
@Command(name = "sync-job", description = "Create and list sync jobs: on a schedule, copy the full snapshots of a "
        + "datastore namespace to another datastore (e.g. the Backup site), which keeps them by its own retention.",
        mixinStandardHelpOptions = true,
        subcommands = {SyncJobCommand.Create.class, SyncJobCommand.ListSyncJobs.class, SyncJobCommand.RunNow.class,
                SyncJobCommand.Copies.class, SyncJobCommand.Delete.class})
public class SyncJobCommand {

    @Command(name = "create", description = "Create a sync job (project administrators).",
            mixinStandardHelpOptions = true)
    static class Create implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--name", required = true, description = "sync job name, e.g. weekly-archival")
        String name;
        @Option(names = "--source-datastore", required = true, description = "where the snapshots are, e.g. "
                + "ibs-primary")
        String sourceDatastore;
        @Option(names = "--source-namespace", defaultValue = "", description = "namespace in the source (default: "
                + "the root)")
        String sourceNamespace;
        @Option(names = "--target-datastore", required = true, description = "where they go, e.g. ibs-backup")
        String targetDatastore;
        @Option(names = "--target-namespace", defaultValue = "", description = "namespace in the target (default: "
                + "the root)")
        String targetNamespace;
        @Option(names = "--schedule", required = true, description = "calendar event, e.g. 'Sun 04:30'")
        String schedule;
        @Option(names = "--timezone", description = "IANA time zone of the schedule and the retention (default UTC)")
        String timezone;
        @Option(names = "--retention", description = "the target's retention, e.g. keep-weekly=52")
        String retention;
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("sourceDatastore", sourceDatastore);
            body.put("sourceNamespace", sourceNamespace);
            body.put("targetDatastore", targetDatastore);
            body.put("targetNamespace", targetNamespace);
            body.put("schedule", schedule);
            body.put("timezone", timezone);
            body.put("retention", retention);
            JsonNode s = connection.client().post(connection.scoped("/api/v1/sync-jobs"), body);
            output.print(spec, s, () -> "created sync job " + s.path("name").asText() + ": "
                    + where(s, "source") + " -> " + where(s, "target") + ", next run " + s.path("nextRun").asText("-"));
        }
    }

    @Command(name = "list", description = "The project's sync jobs, their next run and the outcome of their last run.",
            mixinStandardHelpOptions = true)
    static class ListSyncJobs implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            JsonNode jobs = connection.client().get(connection.scoped("/api/v1/sync-jobs"));
            output.print(spec, jobs, () -> {
                Table t = new Table("SYNC JOB", "FROM", "TO", "SCHEDULE", "RETENTION", "NEXT RUN", "LAST SYNC");
                for (JsonNode s : jobs) {
                    t.row(s.path("name").asText(), where(s, "source"), where(s, "target"), s.path("schedule").asText(),
                            s.path("retention").asText("-"), s.path("nextRun").asText("-"), last(s.path("lastSync")));
                }
                return t;
            });
        }
    }

    @Command(name = "run", description = "Run a sync job now (project administrators). The schedule is not moved.",
            mixinStandardHelpOptions = true)
    static class RunNow extends RunNowCommand {
        @Mixin
        Options.SyncJobName name;
        @Option(names = "--wait", description = "wait until the sync has finished; exit 1 if it failed")
        boolean await;

        @Override
        boolean await() {
            return await;
        }

        @Override
        JsonNode start(ApiClient api) {
            return api.post(connection.scoped("/api/v1/sync-jobs/" + Output.path(name.value) + "/run"), null);
        }

        @Override
        String startedLine(JsonNode queued) {
            return "sync run " + queued.path("runId").asText() + " of " + name.value + " queued";
        }

        /** Polls the sync job until its last sync is this run and no longer running; answers that last sync. */
        @Override
        JsonNode awaitFinished(ApiClient api, JsonNode queued) {
            String runId = queued.path("runId").asText();
            JsonNode job = RunCommand.await(api, connection.scoped("/api/v1/sync-jobs/" + Output.path(name.value)),
                    timeout, j -> runId.equals(j.path("lastSync").path("runId").asText())
                            && !"running".equals(j.path("lastSync").path("state").asText()),
                    j -> "sync run " + runId + " not finished");
            return job.path("lastSync");
        }

        @Override
        String finishedLine(JsonNode queued, JsonNode last) {
            return "sync run " + queued.path("runId").asText() + " of " + name.value + " " + last(last);
        }

        @Override
        String failure(JsonNode queued, JsonNode last) {
            return "failed".equals(last.path("state").asText()) ? "sync run " + queued.path("runId").asText()
                    + " failed: " + last.path("reason").asText() : null;
        }
    }

    @Command(name = "copies", description = "The snapshots a sync job copied that its target still holds (they "
            + "restore with \"datastore\": TARGET in POST /api/v1/restores, or offline with restore --datastore DIR).",
            mixinStandardHelpOptions = true)
    static class Copies implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Mixin
        Options.SyncJobName name;
        @Option(names = "--all", description = "also those the target's retention removed")
        boolean all;
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            JsonNode copies = connection.client().get(connection.scoped("/api/v1/sync-jobs/" + Output.path(name.value)
                    + "/copies" + (all ? "?all=true" : "")));
            output.print(spec, copies, () -> {
                Table t = new Table("SNAPSHOT", "DATASTORE", "COPY OF", "COPIED", "REMOVED");
                for (JsonNode c : copies) {
                    t.row(c.path("snapshotId").asText(), c.path("datastore").asText(), c.path("sourceDatastore")
                            .asText() + ":" + c.path("sourceSnapshotId").asText(), c.path("copiedAt").asText(),
                            c.path("removedAt").isNull() || c.path("removedAt").isMissingNode() ? "-"
                                    : c.path("removedAt").asText() + " (" + c.path("removedWhy").asText() + ")");
                }
                return t;
            });
        }
    }

    @Command(name = "delete", description = "Delete a sync job (project administrators): it runs no more; what it "
            + "copied stays in the target.", mixinStandardHelpOptions = true)
    static class Delete implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Mixin
        Options.SyncJobName name;

        @Override
        public void run() {
            connection.client().delete(connection.scoped("/api/v1/sync-jobs/" + Output.path(name.value)));
            spec.commandLine().getOut().println("deleted sync job " + name.value);
        }
    }

    /** {@code datastore/namespace}, or the datastore alone for its root namespace. */
    static String where(JsonNode s, String side) {
        String ns = s.path(side + "Namespace").asText("");
        return s.path(side + "Datastore").asText() + (ns.isEmpty() ? "" : "/" + ns);
    }

    static String last(JsonNode l) {
        if (l.isMissingNode() || l.isNull()) {
            return "-";
        }
        String state = l.path("state").asText();
        String at = l.path("at").asText();
        return switch (state) {
            case "completed" -> "completed " + at + ": " + l.path("copied").asInt() + " copied, "
                    + l.path("removed").asInt() + " removed";
            case "failed" -> "failed " + at + ": " + l.path("reason").asText();
            default -> state + " since " + at;
        };
    }
}
