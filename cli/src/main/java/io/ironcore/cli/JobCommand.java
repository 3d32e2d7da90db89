package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ironcore-backup job ...}: the flags of the product page, verbatim. */
@Command(name = "job", description = "Create, list, show, change, run, pause and delete backup jobs.",
        mixinStandardHelpOptions = true,
        subcommands = {JobCommand.Create.class, JobCommand.ListJobs.class, JobCommand.Show.class,
                JobCommand.Update.class, JobCommand.RunNow.class, JobCommand.Disable.class, JobCommand.Enable.class,
                JobCommand.Delete.class})
public class JobCommand {

    @Command(name = "create", description = "Create a backup job.", mixinStandardHelpOptions = true)
    static class Create implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--name", required = true, description = "job name, e.g. daily-prod-incr")
        String name;
        @Mixin
        JobOptions job;
        @Option(names = "--disabled", description = "create the job paused")
        boolean disabled;
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.putAll(job.fields());
            body.putIfAbsent("type", "vm");
            body.put("enabled", !disabled);
            JsonNode created = connection.client().post(connection.scoped("/api/v1/jobs"), body);
            output.print(spec, created, () -> "created job " + created.path("name").asText()
                    + nextRun(created));
        }
    }

    @Command(name = "update", description = "Change a job: only the fields given change. --rpo \"\" clears the "
            + "job's own RPO: it is derived from the schedule again.",
            mixinStandardHelpOptions = true)
    static class Update implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Mixin
        Options.JobName name;
        @Option(names = "--rename", description = "a new name")
        String rename;
        @Mixin
        JobOptions job;
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            Map<String, Object> patch = job.fields();
            if (rename != null) {
                patch.put("name", rename);
            }
            if (patch.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "nothing to change: give at least one field");
            }
            ApiClient api = connection.client();
            String path = connection.scoped("/api/v1/jobs/" + Output.path(name.value));
            ApiClient.Answer current = api.getWithEtag(path);
            JsonNode updated = api.patch(path, patch, current.etag());
            output.print(spec, updated, () -> "updated job " + updated.path("name").asText() + " (version "
                    + updated.path("version").asLong() + ")" + nextRun(updated));
        }
    }

    @Command(name = "list", description = "List backup jobs with their next run times and RPO compliance (RPO: "
            + "ok 26h, pending before the first snapshot, AT RISK (stale|never-protected|paused), - when not "
            + "monitored).",
            mixinStandardHelpOptions = true)
    static class ListJobs implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--state", description = "only jobs in this state: Scheduled, Running, Completed, Failed, "
                + "Disabled")
        String state;
        @Option(names = "--at-risk", negatable = true, description = "only the jobs at risk: their newest good "
                + "snapshot is older than their RPO, or they never had one, or they are paused (--no-at-risk: only "
                + "the others)")
        Boolean atRisk;
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            ApiClient api = connection.client();
            List<JsonNode> all = new ArrayList<>();
            String cursor = null;
            do {
                String path = "/api/v1/jobs?limit=500" + (state == null ? "" : "&state=" + Output.path(state))
                        + (atRisk == null ? "" : "&atRisk=" + atRisk)
                        + (cursor == null ? "" : "&cursor=" + Output.path(cursor));
                JsonNode page = api.get(connection.scoped(path));
                page.path("items").forEach(all::add);
                cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            } while (cursor != null);
            JsonNode list = Json.MAPPER.valueToTree(all);
            output.print(spec, list, () -> {
                Table t = new Table("NAME", "PROJECT", "MODE", "SCHEDULE", "DATASTORE", "NAMESPACE", "STATE",
                        "LAST RUN", "NEXT RUN", "RPO");
                for (JsonNode j : all) {
                    // an empty schedule is a manual-only job: it runs when someone runs it, never on its own
                    boolean manual = j.path("schedule").asText("").isBlank();
                    t.row(j.path("name").asText(), j.path("project").asText(), j.path("mode").asText(),
                            manual ? "manual" : j.path("schedule").asText(), j.path("datastore").asText(),
                            j.path("namespace").asText(""), j.path("state").asText(), lastRun(j),
                            manual ? "manual" : j.path("nextRunAt").asText(""), rpoColumn(j.path("compliance")));
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
        @Mixin
        Options.JobName name;
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            JsonNode j = connection.client().get(connection.scoped("/api/v1/jobs/" + Output.path(name.value)));
            output.print(spec, j, () -> {
                Table t = new Table("FIELD", "VALUE");
                for (String f : List.of("name", "id", "project", "type", "mode", "schedule", "timezone", "nextRunAt",
                        "datastore", "namespace", "retention", "notificationMode", "notificationGroup", "enabled",
                        "state", "version")) {
                    t.row(f, j.path(f).isMissingNode() || j.path(f).isNull() ? null : j.path(f).asText());
                }
                t.row("sourceIds", String.join(",", Output.texts(j.path("sourceIds"))));
                t.row("include", Output.filters(j.path("include")));
                t.row("exclude", Output.filters(j.path("exclude")));
                t.row("lastRun", lastRun(j));
                JsonNode c = j.path("compliance");
                if (c.isObject()) {
                    t.row("rpo", text(c, "rpo") + " (" + ("job".equals(text(c, "rpoSource")) ? "set on the job"
                            : "from the schedule") + ")");
                    t.row("compliance", complianceLabel(c));
                    t.row("lastGoodSnapshotAt", text(c, "lastGoodSnapshotAt"));
                    t.row(c.path("atRisk").asBoolean() ? "atRiskSince" : "deadline",
                            text(c, c.path("atRisk").asBoolean() ? "atRiskSince" : "deadline"));
                } else {
                    t.row("rpo", text(j, "rpo"));
                    t.row("compliance", "not monitored");
                }
                return t;
            });
        }
    }

    @Command(name = "run", description = "Run a job now. The schedule is not moved.", mixinStandardHelpOptions = true)
    static class RunNow extends RunNowCommand {
        @Mixin
        Options.JobName name;
        @Option(names = "--idempotency-key", description = "repeat-safe: the same key never starts a second run")
        String idempotencyKey;
        @Option(names = "--wait", description = "wait until the run has finished; exit 1 if it failed")
        boolean await;

        @Override
        boolean await() {
            return await;
        }

        @Override
        JsonNode start(ApiClient api) {
            return api.post(connection.scoped("/api/v1/jobs/" + Output.path(name.value) + "/run"), null,
                    "Idempotency-Key", idempotencyKey);
        }

        @Override
        String startedLine(JsonNode run) {
            return "run " + run.path("id").asText() + " of job " + name.value + " " + run.path("state").asText()
                    .toLowerCase();
        }

        @Override
        JsonNode awaitFinished(ApiClient api, JsonNode run) {
            return RunCommand.await(api, connection.scoped("/api/v1/jobs/" + Output.path(name.value) + "/runs/"
                    + run.path("id").asText()), timeout);
        }

        @Override
        String finishedLine(JsonNode run, JsonNode finished) {
            return "run " + run.path("id").asText() + " of job " + name.value + " " + finished.path("state").asText()
                    + (finished.hasNonNull("reason") ? ": " + finished.get("reason").asText() : "")
                    + Output.stats(finished);
        }

        @Override
        String failure(JsonNode run, JsonNode finished) {
            return finished.path("state").asText().equals("Failed") ? "run " + run.path("id").asText() + " failed: "
                    + finished.path("reason").asText() : null;
        }
    }

    @Command(name = "disable", description = "Pause a job: it keeps its history but does not run on schedule.",
            mixinStandardHelpOptions = true)
    static class Disable implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Mixin
        Options.JobName name;

        @Override
        public void run() {
            connection.client().post(connection.scoped("/api/v1/jobs/" + Output.path(name.value) + "/disable"),
                    null);
            spec.commandLine().getOut().println("disabled job " + name.value);
        }
    }

    @Command(name = "enable", description = "Resume a job from its next slot (missed slots are not run).",
            mixinStandardHelpOptions = true)
    static class Enable implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Mixin
        Options.JobName name;

        @Override
        public void run() {
            JsonNode j = connection.client().post(connection.scoped("/api/v1/jobs/" + Output.path(name.value)
                    + "/enable"), null);
            spec.commandLine().getOut().println("enabled job " + name.value + nextRun(j));
        }
    }

    @Command(name = "delete", description = "Delete a job. Its snapshots stay in the datastore: restore, verify "
            + "and sync go on working; --orphans says whether they are kept or still pruned.",
            mixinStandardHelpOptions = true)
    static class Delete implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Mixin
        Options.JobName name;
        @Option(names = "--orphans", defaultValue = "keep", description = "keep (the default: its snapshots are "
                + "never pruned again) or prune (prune-service goes on pruning them with the job's last retention)")
        String orphans;

        @Override
        public void run() {
            if (!orphans.equals("keep") && !orphans.equals("prune")) {
                throw new CliException(ExitCodes.USAGE, "--orphans must be keep or prune, not '"
                        + orphans.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            connection.client().delete(connection.scoped("/api/v1/jobs/" + Output.path(name.value) + "?orphans="
                    + orphans));
            spec.commandLine().getOut().println("deleted job " + name.value + (orphans.equals("prune")
                    ? "; its snapshots are pruned with its last retention" : "; its snapshots are kept"));
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

    /** A field's text, or null when it is absent or null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    /** {@code protected}, {@code pending}, or {@code AT RISK (stale)} (also never-protected, paused). */
    static String complianceLabel(JsonNode compliance) {
        String state = compliance.path("state").asText();
        return compliance.path("atRisk").asBoolean() ? "AT RISK (" + state + ")" : state;
    }

    /** The RPO column of {@code job list}: {@code ok 26h}, {@code pending}, {@code AT RISK (stale)}, or none. */
    static String rpoColumn(JsonNode compliance) {
        if (!compliance.isObject()) {
            return null;
        }
        if (compliance.path("atRisk").asBoolean()) {
            return complianceLabel(compliance);
        }
        return compliance.path("state").asText().equals("protected") ? "ok " + compliance.path("rpo").asText()
                : compliance.path("state").asText();
    }

    static String nextRun(JsonNode job) {
        return job.hasNonNull("nextRunAt") ? ", next run " + job.get("nextRunAt").asText() : "";
    }
}
