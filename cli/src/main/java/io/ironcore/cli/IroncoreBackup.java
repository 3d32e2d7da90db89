package io.ironcore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import io.ironcore.datastore.EngineWarmUp;

import java.io.PrintWriter;
import java.util.Arrays;

/** {@code ironcore-backup}: the command line of Ironcore Backup. */
@Command(name = "ironcore-backup", mixinStandardHelpOptions = true, version = "ironcore-backup 0.1.0",
        description = "Schedule, run and inspect Ironcore backup jobs.",
        footer = "%n" + ExitCodes.HELP,
        subcommands = {JobCommand.class, RunCommand.class, SnapshotCommand.class, PruneCommand.class,
                NotificationGroupCommand.class, SyncJobCommand.class, DlqCommand.class,
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
            err.println("ironcore-backup: " + ex.getMessage());
            return ExitCodes.USAGE;
        });
        return cmd.execute(args);
    }
}
