package io.ironcore.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The writer registry {@code .writers/<id>.json} that GC consults (docs/design/datastore-format.md, section 9). */
final class Writers {
    static final String DIR = ".writers";

    /** A live (or stale) registration as GC sees it. */
    record Info(Path file, String id, Instant startedAt, String snapshot, boolean stale) {
    }

    /** A registration held by this process. */
    final class Registration implements AutoCloseable {
        final String id;
        final Instant startedAt;
        final Path file;
        private final Heartbeats.Beat beat;
        private boolean closed;

        Registration(String id, Instant startedAt, Path file) {
            this.id = id;
            this.startedAt = startedAt;
            this.file = file;
            this.beat = heartbeats.add(file);
        }

        boolean stillValid() {
            return heartbeats.stillValid(beat);
        }

        @Override
        public synchronized void close() throws IOException {
            if (!closed) {
                closed = true;
                heartbeats.remove(beat);
                Files.deleteIfExists(file);
            }
        }
    }

    private final Path dir;
    private final Clock clock;
    private final Duration staleAfter;
    private final Heartbeats heartbeats;

    Writers(Path root, Clock clock, Duration staleAfter, Heartbeats heartbeats) throws IOException {
        this.dir = root.resolve(DIR);
        Files.createDirectories(dir);
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.heartbeats = heartbeats;
    }

    Registration register(String purpose, String snapshot) throws IOException {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        ObjectNode n = Locks.ownerJson(purpose, now);
        n.put("id", id);
        n.put("startedAt", now.toString());
        n.put("snapshot", snapshot);
        Path file = dir.resolve(id + ".json");
        Fs.writeAtomic(file, Json.MAPPER.writeValueAsBytes(n), false, FileTime.from(now));
        return new Registration(id, now, file);
    }

    List<Info> list() throws IOException {
        List<Info> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                if (p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try {
                    JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(p));
                    Instant started = Instant.parse(n.path("startedAt").asText());
                    out.add(new Info(p, n.path("id").asText(), started, n.path("snapshot").asText(null),
                            Locks.isStale(p, clock, staleAfter)));
                } catch (NoSuchFileException e) {
                    // finished meanwhile
                } catch (IOException | RuntimeException e) {
                    // unreadable registration: treat as live and as old as possible only if its mtime is fresh
                    Instant mtime = Files.getLastModifiedTime(p).toInstant();
                    out.add(new Info(p, p.getFileName().toString(), Instant.EPOCH, null,
                            mtime.isBefore(clock.instant().minus(staleAfter))));
                }
            }
        }
        return out;
    }
}
