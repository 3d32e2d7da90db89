package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Map;

/** {@code ironcore-backup snapshot ...}: a job's snapshots and their protection. */
@Command(name = "snapshot", description = "List a job's snapshots; protect them from pruning.",
        mixinStandardHelpOptions = true,
        subcommands = {SnapshotCommand.ListSnapshots.class, SnapshotCommand.Protect.class,
                SnapshotCommand.Unprotect.class})
public class SnapshotCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The snapshots a job has, newest first.")
    static class ListSnapshots implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--job", required = true, description = "job name")
        String job;
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            JsonNode list = connection.client().get(connection.scoped("/api/v1/jobs/" + Output.path(job)
                    + "/snapshots"));
            output.print(spec, list, () -> {
                Table t = new Table("SNAPSHOT", "SOURCE", "SIZE", "PROTECTED", "KEPT BECAUSE");
                list.forEach(s -> t.row(s.path("snapshotId").asText(), s.path("sourceId").asText(),
                        s.path("sizeBytes").asLong(), s.path("isProtected").asBoolean() ? "yes" : "no",
                        s.path("keptReason").asText("")));
                return t;
            });
        }
    }

    /** Protect or unprotect: one request, one line of output. */
    abstract static class Protection implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--id", required = true, description = "snapshot id")
        String id;

        /** {@code protect} or {@code unprotect}. */
        abstract String verb();

        @Override
        public void run() {
            connection.client().post(connection.scoped("/api/v1/snapshots/" + verb()), Map.of("snapshotId", id));
            spec.commandLine().getOut().println(verb() + "ed " + id);
        }
    }

    @Command(name = "protect", mixinStandardHelpOptions = true,
            description = "Keep a snapshot whatever the retention says (it is not counted by the windows).")
    static class Protect extends Protection {
        @Override
        String verb() {
            return "protect";
        }
    }

    @Command(name = "unprotect", mixinStandardHelpOptions = true,
            description = "Let the retention decide about a snapshot again (from the next prune pass).")
    static class Unprotect extends Protection {
        @Override
        String verb() {
            return "unprotect";
        }
    }
}
