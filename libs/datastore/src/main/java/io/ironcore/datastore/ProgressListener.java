package io.ironcore.datastore;

/** Progress of a backup; called serialised, at most every {@code progressInterval}, and once at the end. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    void progress(long bytesDone, long bytesTotal);
}
