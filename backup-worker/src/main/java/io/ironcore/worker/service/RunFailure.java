package io.ironcore.worker.service;

/** A run that cannot succeed however often it is tried (a missing disk image, a bad namespace). */
public class RunFailure extends RuntimeException {
    private final boolean retryable;

    public RunFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public static RunFailure permanent(String message) {
        return new RunFailure(message, false, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
