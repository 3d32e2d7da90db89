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
        mixinStandardHelpOptions = true,
        subcommands = {NotificationGroupCommand.Create.class, NotificationGroupCommand.ListGroups.class,
                NotificationGroupCommand.Update.class, NotificationGroupCommand.Delete.class})
public class NotificationGroupCommand {

    /** The options of create and update: the group and its recipients. */
    static class Group {
        @Option(names = "--name", required = true, description = "group name, e.g. backup-team")
        String name;
        @Option(names = "--target", required = true, split = ",", paramLabel = "URL|ADDRESS",
                description = "a recipient: an http(s) webhook URL, an email address, or a metric server "
                        + "(influxdb://[user:password@]host:port/DB, influxdb2://[:token@]host:port/ORG/BUCKET, "
                        + "graphite://host:port[/prefix]); repeat or separate with ','")
        List<String> targets = new ArrayList<>();
        @Mixin
        Options.OutputFormat output;

        void print(CommandSpec spec, String verb, JsonNode group) {
            output.print(spec, group, () -> verb + " notification group " + group.path("name").asText()
                    + " (" + group.path("targets").size() + " recipient(s))");
        }
    }

    @Command(name = "create", description = "Create a notification group (project administrators).",
            mixinStandardHelpOptions = true)
    static class Create implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Mixin
        Group group;

        @Override
        public void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", group.name);
            body.put("targets", group.targets);
            group.print(spec, "created", connection.client().post(connection.scoped("/api/v1/notification-groups"),
                    body));
        }
    }

    @Command(name = "update", description = "Replace a group's recipients (project administrators); the jobs "
            + "attached to it get a new version.", mixinStandardHelpOptions = true)
    static class Update implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Mixin
        Group group;

        @Override
        public void run() {
            group.print(spec, "updated", connection.client().put(connection.scoped("/api/v1/notification-groups/"
                    + Output.path(group.name)), Map.of("targets", group.targets)));
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
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            JsonNode groups = connection.client().get(connection.scoped("/api/v1/notification-groups"));
            output.print(spec, groups, () -> {
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
