package io.ironcore.worker.service;

import io.ironcore.events.run.RunAction;

/** What queued work is: the values of {@code run_claim.kind}, which is also how the logs name it. */
public enum ClaimKind {
    BACKUP("backup"),
    VERIFY("verify"),
    GC("gc"),
    RESTORE("restore");

    private final String column;

    ClaimKind(String column) {
        this.column = column;
    }

    /** The value in {@code run_claim.kind}. */
    public String column() {
        return column;
    }

    /** The kind a run of this action is. */
    public static ClaimKind of(RunAction action) {
        return switch (action) {
            case BACKUP -> BACKUP;
            case VERIFY -> VERIFY;
            case GC -> GC;
        };
    }

    /** The kind a {@code run_claim.kind} value names. */
    public static ClaimKind fromColumn(String column) {
        for (ClaimKind k : values()) {
            if (k.column.equals(column)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown claim kind '" + column + "'");
    }

    @Override
    public String toString() {
        return column;
    }
}
