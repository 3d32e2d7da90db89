package io.ironcore.jobs.messaging;

import java.util.UUID;

/** Ids as events carry them. */
final class Ids {
    private Ids() {
    }

    /** The UUID an event's id field holds, or null when it holds none. */
    static UUID uuidOrNull(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
