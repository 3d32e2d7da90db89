package io.ironcore.datastore;

/** The snapshot has no (valid) manifest, or the image is not part of it. */
public class SnapshotNotFoundException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public SnapshotNotFoundException(String message) {
        super(message);
    }
}
