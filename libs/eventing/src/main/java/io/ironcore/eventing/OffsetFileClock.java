package io.ironcore.eventing;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The system clock plus the duration in a file, re-read at most every 200 ms (no file: no offset). A file that does
 * not hold a duration keeps the last good offset, and says so once.
 */
public final class OffsetFileClock extends Clock {
    private static final Logger LOG = Logger.getLogger(OffsetFileClock.class);
    private static final long REREAD_NANOS = Duration.ofMillis(200).toNanos();

    private final Clock base;
    private final Path file;
    private volatile Duration offset = Duration.ZERO;
    private volatile long readAt = System.nanoTime() - REREAD_NANOS;
    private volatile String lastBad;

    public OffsetFileClock(Clock base, Path file) {
        this.base = base;
        this.file = file;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset());
    }

    Duration offset() {
        long now = System.nanoTime();
        if (now - readAt >= REREAD_NANOS) {
            readAt = now;
            String text = null;
            try {
                text = Files.readString(file).trim();
                Duration d = text.isEmpty() ? Duration.ZERO : Duration.parse(text);
                if (!d.equals(offset)) {
                    LOG.warnf("the clock jumps: offset %s from %s", d, file);
                }
                offset = d;
                lastBad = null;
            } catch (NoSuchFileException e) {
                offset = Duration.ZERO;
            } catch (IOException | DateTimeParseException e) {
                if (text == null || !text.equals(lastBad)) {
                    LOG.warnf("ignoring clock offset file %s: %s", file, e.getMessage());
                    lastBad = text;
                }
            }
        }
        return offset;
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new OffsetFileClock(base.withZone(zone), file);
    }
}
