package io.ironcore.datastore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Refreshes the mtime (heartbeat) of held lease files and writer registrations from a daemon thread. */
final class Heartbeats implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Heartbeats.class.getName());

    /** One heartbeat file. */
    static final class Beat {
        final Path file;
        volatile Instant last;
        volatile boolean lost;

        Beat(Path file, Instant last) {
            this.file = file;
            this.last = last;
        }
    }

    private final Clock clock;
    private final Duration staleAfter;
    private final Set<Beat> beats = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    Heartbeats(Clock clock, Duration interval, Duration staleAfter) {
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ironcore-datastore-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::beatAll, ms, ms, TimeUnit.MILLISECONDS);
    }

    Beat add(Path file) {
        Beat b = new Beat(file, clock.instant());
        beats.add(b);
        return b;
    }

    void remove(Beat b) {
        beats.remove(b);
    }

    void beatAll() {
        for (Beat b : beats) {
            beat(b);
        }
    }

    boolean beat(Beat b) {
        if (b.lost) {
            return false;
        }
        Instant now = clock.instant();
        try {
            Files.setLastModifiedTime(b.file, FileTime.from(now));
            b.last = now;
            return true;
        } catch (NoSuchFileException e) {
            b.lost = true;
            LOG.log(System.Logger.Level.WARNING, "heartbeat file vanished (lease broken by someone?): " + b.file);
            return false;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "heartbeat failed for " + b.file + ": " + e);
            return false;
        }
    }

    /**
     * Beats now and returns true if the heartbeat never lapsed long enough for others to consider it stale. A holder
     * must check this before committing anything that relies on the lease.
     */
    boolean stillValid(Beat b) {
        Instant before = b.last;
        if (!beat(b)) {
            return false;
        }
        return Duration.between(before, clock.instant()).compareTo(staleAfter) < 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
