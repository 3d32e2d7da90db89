package io.ironcore.cli;

/** The exit codes of ironcore-backup (also listed by {@code ironcore-backup --help}). */
public final class ExitCodes {
    public static final int OK = 0;
    /** The operation failed (a run failed, the server failed). */
    public static final int FAILED = 1;
    /** Bad command line: unknown flag, missing argument. */
    public static final int USAGE = 2;
    /** The named job, run or snapshot does not exist (or is not yours). */
    public static final int NOT_FOUND = 3;
    /** {@code compliance}: at least one job is at risk (its newest good snapshot is older than its RPO). */
    public static final int AT_RISK = 3;
    /** {@code admin rebuild} (compare only): the projection rebuilt from the log differs from the live one. */
    public static final int DIFFERENT = 3;
    /** It exists already, or changed meanwhile. */
    public static final int CONFLICT = 4;
    /** The server cannot be reached. */
    public static final int UNREACHABLE = 5;
    /** No token, or a token that is not accepted for this. */
    public static final int UNAUTHORIZED = 6;
    /** The server refused the input as invalid. */
    public static final int INVALID = 7;

    static final String HELP = """
            Exit codes:
              0  success
              1  the operation failed (a run failed, the server failed)
              2  bad command line
              3  not found; for compliance: a job is at risk; for admin rebuild: the projection differs
              4  conflict: exists already or changed meanwhile
              5  the server cannot be reached
              6  not authenticated or not allowed
              7  the server refused the input as invalid""";

    private ExitCodes() {
    }
}
