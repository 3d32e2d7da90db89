package io.ironcore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code ironcore-backup}: the command line of Ironcore Backup. */
@Command(name = "ironcore-backup", mixinStandardHelpOptions = true, version = "ironcore-backup 0.1.0",
        description = "Schedule, run and inspect Ironcore backup jobs.",
        footer = "%n" + ExitCodes.HELP,
        subcommands = {JobCommand.class, RunCommand.class, SnapshotCommand.class, PruneCommand.class,
                CalendarCommand.class, BackupCommand.class, RestoreCommand.class, VerifyCommand.class,
                CommandLine.HelpCommand.class})
public class IroncoreBackup {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line; returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new IroncoreBackup());
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
