package io.ironcore.datastore;

/** Cancels a running backup: it stops, removes its incomplete snapshot and throws {@link BackupCancelledException}. */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
