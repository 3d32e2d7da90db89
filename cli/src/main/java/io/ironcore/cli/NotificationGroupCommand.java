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

/** {@code ironcore-backup notification-group ...}: where a project's job notifications go. */
@Command(name = "notification-group", description = "Create and list a project's notification groups: the webhook "
        + "URLs and email addresses that the jobs attached to a group notify (--notification-group of job create).",
        subcommands = {NotificationGroupCommand.Create.class, NotificationGroupCommand.ListGroups.class,
                NotificationGroupCommand.Update.class, NotificationGroupCommand.Delete.class})
public class NotificationGroupCommand {

    @Command(name = "create", description = "Create a notification group (project administrators).",
            mixinStandardHelpOptions = true)
    static class Create implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--name", required = true, description = "group name, e.g. backup-team")
        String name;
        @Option(names = "--target", required = true, split = ",", paramLabel = "URL|ADDRESS",
                description = "a recipient: an http(s) webhook URL or an email address; repeat or separate with ','")
        List<String> targets = new ArrayList<>();
        @Option(names = "--output", defaultValue = "text", description = "text or json")
        String output;

        @Override
        public void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("targets", targets);
            JsonNode created = connection.client().post(connection.scoped("/api/v1/notification-groups"), body);
            Output.print(spec, output, created, () -> "created notification group " + created.path("name").asText()
                    + " (" + created.path("targets").size() + " recipient(s))");
        }
    }

    @Command(name = "update", description = "Replace a group's recipients (project administrators); the jobs "
            + "attached to it get a new version.", mixinStandardHelpOptions = true)
    static class Update implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--name", required = true, description = "group name")
        String name;
        @Option(names = "--target", required = true, split = ",", paramLabel = "URL|ADDRESS",
                description = "the new recipients: http(s) webhook URLs and email addresses")
        List<String> targets = new ArrayList<>();
        @Option(names = "--output", defaultValue = "text", description = "text or json")
        String output;

        @Override
        public void run() {
            JsonNode updated = connection.client().put(connection.scoped("/api/v1/notification-groups/"
                    + Output.path(name)), Map.of("targets", targets));
            Output.print(spec, output, updated, () -> "updated notification group " + updated.path("name").asText()
                    + " (" + updated.path("targets").size() + " recipient(s))");
        }
    }

    @Command(name = "delete", description = "Delete a group no job is attached to (project administrators).",
            mixinStandardHelpOptions = true)
    static class Delete implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--name", required = true, description = "group name")
        String name;

        @Override
        public void run() {
            connection.client().delete(connection.scoped("/api/v1/notification-groups/" + Output.path(name)));
            spec.commandLine().getOut().println("deleted notification group " + name);
        }
    }

    @Command(name = "list", description = "The project's notification groups and their recipients.",
            mixinStandardHelpOptions = true)
    static class ListGroups implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--output", defaultValue = "text", description = "text or json")
        String output;

        @Override
        public void run() {
            JsonNode groups = connection.client().get(connection.scoped("/api/v1/notification-groups"));
            Output.print(spec, output, groups, () -> {
                Table t = new Table("GROUP", "RECIPIENTS");
                for (JsonNode g : groups) {
                    List<String> r = new ArrayList<>();
                    g.path("targets").forEach(x -> r.add(x.asText()));
                    t.row(g.path("name").asText(), String.join(", ", r));
                }
                return t;
            });
        }
    }
}
