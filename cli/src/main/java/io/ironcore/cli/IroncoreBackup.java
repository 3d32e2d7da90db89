package io.ironcore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import io.ironcore.datastore.EngineWarmUp;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code ironcore-backup}: the command line of Ironcore Backup. */
@Command(name = "ironcore-backup", mixinStandardHelpOptions = true, version = "ironcore-backup 0.1.0",
        description = "Schedule, run and inspect Ironcore backup jobs.",
        footer = "%n" + ExitCodes.HELP,
        subcommands = {JobCommand.class, RunCommand.class, SnapshotCommand.class, PruneCommand.class,
                NotificationGroupCommand.class, SyncJobCommand.class, ComplianceCommand.class, EventsCommand.class,
                DlqCommand.class, AdminCommand.class,
                CalendarCommand.class, BackupCommand.class, RestoreCommand.class, VerifyCommand.class, SyncCommand.class,
                CommandLine.HelpCommand.class})
public class IroncoreBackup {

    public static void main(String[] args) {
        if (offlineEngineCommand(args) != null) {
            // on the second core while this one builds the command line: initialise the JSON mappers and the datastore
            // classes, then let the JIT compile the engine's hot paths
            EngineWarmUp.startInBackground(IroncoreBackup::preload);
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * The offline command that runs the backup engine in this process ({@code backup}, {@code restore}, {@code
     * verify}, {@code sync}), or null. These commands are timed against borg and restic, process start included: they get a command
     * line of their own command only, without building the model of every other command.
     */
    static Object offlineEngineCommand(String[] args) {
        if (args.length == 0) {
            return null;
        }
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return null; // the full command line prints the usage under its own name
            }
        }
        return switch (args[0]) {
            case "backup" -> new BackupCommand();
            case "restore" -> new RestoreCommand();
            case "verify" -> new VerifyCommand();
            case "sync" -> new SyncCommand();
            default -> null;
        };
    }

    private static void preload() {
        try {
            for (String c : new String[] {"io.ironcore.cli.Json", "io.ironcore.cli.OfflineDatastore",
                    "io.ironcore.datastore.Datastore", "io.ironcore.datastore.BackupRun",
                    "io.ironcore.datastore.Restorer", "io.ironcore.datastore.Verifier",
                    "io.ironcore.datastore.FileImageSource"}) {
                Class.forName(c, true, IroncoreBackup.class.getClassLoader());
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command line; returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Object offline = offlineEngineCommand(args);
        CommandLine cmd = offline != null ? new CommandLine(offline) : new CommandLine(new IroncoreBackup());
        if (offline != null) {
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        helpEverywhere(cmd, cmd.getCommandSpec().version());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof CliException c) {
                err.println("ironcore-backup: " + c.getMessage());
                return c.exitCode();
            }
            err.println("ironcore-backup: " + ex);
            return ExitCodes.FAILED;
        });
        cmd.setParameterExceptionHandler((ex, a) -> {
            err.println("ironcore-backup: " + parameterProblem(ex));
            return ExitCodes.USAGE;
        });
        cmd.setExecutionStrategy(parsed -> execute(parsed, err));
        return cmd.execute(args);
    }

    /**
     * Every command and group answers {@code --help} with its own usage (also those added without the mixin), and
     * {@code --version} with the version of the whole.
     */
    private static void helpEverywhere(CommandLine line, String[] version) {
        CommandSpec spec = line.getCommandSpec();
        if (spec.options().stream().noneMatch(o -> o.usageHelp())) {
            spec.mixinStandardHelpOptions(true);
        }
        if (spec.version().length == 0) {
            spec.version(version);
        }
        line.getSubcommands().values().forEach(sub -> helpEverywhere(sub, version));
    }

    /**
     * Help first; then a word no group knows is an unknown command (also beside {@code --help}, which would
     * otherwise print the parent's usage); a group without its subcommand shows its usage on stderr, exit 2.
     */
    private static int execute(ParseResult parsed, PrintWriter err) {
        for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            if (!p.unmatched().isEmpty()) {
                throw new UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
            }
        }
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        CommandLine line = last.commandSpec().commandLine();
        Object command = line.getCommand();
        if (!line.getSubcommands().isEmpty() && !(command instanceof Runnable)
                && !(command instanceof Callable)) {
            String path = groupPath(last.commandSpec());
            err.println("ironcore-backup: " + (path.isEmpty() ? "give a command: " : path + " needs a command: ")
                    + String.join(", ", line.getSubcommands().keySet()));
            line.usage(err);
            return ExitCodes.USAGE;
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** {@code job} for {@code ironcore-backup job}, empty for the top level. */
    private static String groupPath(CommandSpec spec) {
        return spec.qualifiedName(" ").replaceFirst("^ironcore-backup ?", "");
    }

    /** One line: an unknown word where a group expects its subcommand is an unknown command. */
    private static String parameterProblem(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-") && !ex.getCommandLine().getSubcommands().isEmpty()) {
            CommandSpec group = ex.getCommandLine().getCommandSpec();
            String path = groupPath(group);
            return "Unknown command: " + (path.isEmpty() ? "" : path + " ") + u.getUnmatched().get(0) + " (see '"
                    + group.qualifiedName(" ") + " --help')";
        }
        return ex.getMessage();
    }
}
