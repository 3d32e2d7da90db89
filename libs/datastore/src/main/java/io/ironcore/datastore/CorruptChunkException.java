package io.ironcore.datastore;

/** A chunk (or index/manifest) failed its integrity check: CRC, GCM tag, digest, or is missing. */
public class CorruptChunkException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    private final String digest;

    public CorruptChunkException(String digest, String message) {
        super(message);
        this.digest = digest;
    }

    public CorruptChunkException(String digest, String message, Throwable cause) {
        super(message, cause);
        this.digest = digest;
    }

    /** Hex name of the chunk, or null when the corrupt object is not a chunk. */
    public String digest() {
        return digest;
    }
}
