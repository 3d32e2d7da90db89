package io.ironcore.cli;

/** Ends the command with one clear line on stderr and an exit code of {@link ExitCodes}. */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
