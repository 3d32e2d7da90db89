package io.ironcore.local.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch directories of test and benchmark JVMs, made in the system temp directory. Whoever makes one deletes it
 * when done (after stopping the processes that write into it), so repeated runs on one machine do not fill its disk.
 */
public final class Scratch {
    private Scratch() {
    }

    /**
     * A new directory in the system temp directory. Fails with a clear message when the disk has less than
     * {@code needBytes} free: a full disk otherwise shows up as services that hang or time out, far from the cause.
     */
    public static Path directory(String prefix, long needBytes) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < needBytes) {
                delete(dir);
                throw new IllegalStateException(String.format(
                        "%s has %d MiB free; this needs %d MiB (free some space in %s, or point java.io.tmpdir elsewhere)",
                        dir.getParent(), free >> 20, needBytes >> 20, dir.getParent()));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything under it; best effort (what cannot be deleted stays). */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
