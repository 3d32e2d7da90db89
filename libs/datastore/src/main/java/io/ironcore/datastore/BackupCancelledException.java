package io.ironcore.datastore;

/** The backup was cancelled (or lost its locks); no snapshot was made visible. */
public class BackupCancelledException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public BackupCancelledException(String message) {
        super(message);
    }
}
