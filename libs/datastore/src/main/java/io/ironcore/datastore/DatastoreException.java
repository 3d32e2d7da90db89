package io.ironcore.datastore;

import java.io.IOException;

/** Base type of the datastore's own failures. */
public class DatastoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatastoreException(String message) {
        super(message);
    }

    public DatastoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
