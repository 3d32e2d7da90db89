package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.function.Supplier;

/** The options many commands share, each defined once as a picocli mixin ({@code @Mixin}). */
final class Options {
    private Options() {
    }

    /** {@code --output text|json}: how a command prints what it did. */
    static class OutputFormat {
        @Option(names = "--output", defaultValue = "text", paramLabel = "<output>", description = "text or json")
        String value;

        /** Prints {@code json} as JSON, or {@code text} (a line or a {@link Table}); exit 2 for another format. */
        void print(CommandSpec spec, JsonNode json, Supplier<Object> text) {
            Output.print(spec, value, json, text);
        }

        /** Exit 2 unless the format is text or json (for commands that check before they start work). */
        void check() {
            OfflineDatastore.checkOutput(value);
        }

        boolean json() {
            return value.equals("json");
        }
    }

    /** {@code --name}: the backup job a command acts on. */
    static class JobName {
        @Option(names = "--name", required = true, paramLabel = "<name>", description = "job name")
        String value;
    }

    /** {@code --name}: the sync job a command acts on. */
    static class SyncJobName {
        @Option(names = "--name", required = true, paramLabel = "<name>", description = "sync job name")
        String value;
    }
}
