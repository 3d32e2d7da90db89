package io.ironcore.datastore;

/** The snapshot is protected and cannot be removed. */
public class ProtectedSnapshotException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public ProtectedSnapshotException(String message) {
        super(message);
    }
}
