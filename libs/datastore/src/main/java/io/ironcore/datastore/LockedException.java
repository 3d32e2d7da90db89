package io.ironcore.datastore;

/** A lock is held by someone else (another backup of the group, a backup using the snapshot as its base, a GC ...). */
public class LockedException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public LockedException(String message) {
        super(message);
    }
}
