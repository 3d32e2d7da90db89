package io.ironcore.datastore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A held lock (lease file). Closing releases it. */
final class Lease implements AutoCloseable {
    final String key;
    final boolean exclusive;
    final Path file;
    private final Heartbeats heartbeats;
    private final Heartbeats.Beat beat;
    private boolean released;

    Lease(String key, boolean exclusive, Path file, Heartbeats heartbeats) {
        this.key = key;
        this.exclusive = exclusive;
        this.file = file;
        this.heartbeats = heartbeats;
        this.beat = heartbeats.add(file);
    }

    boolean stillValid() {
        return heartbeats.stillValid(beat);
    }

    @Override
    public synchronized void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        heartbeats.remove(beat);
        Files.deleteIfExists(file);
    }
}
