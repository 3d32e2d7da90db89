package io.ironcore.datastore;

/** Wrong encryption key, a key for a plain datastore, or a missing key for an operation that needs it. */
public class KeyMismatchException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    public KeyMismatchException(String message) {
        super(message);
    }
}
