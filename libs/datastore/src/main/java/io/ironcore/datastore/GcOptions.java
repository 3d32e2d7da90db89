package io.ironcore.datastore;

import java.time.Duration;
import java.util.Objects;

/**
 * GC timing: chunks unreferenced and older than {@code min(gcStart - grace, oldestWriterStart) - safetyMargin} are
 * removed. Defaults are PBS's: grace 24 h 5 min, safety margin 5 min.
 */
public record GcOptions(Duration grace, Duration safetyMargin) {
    public GcOptions {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(safetyMargin, "safetyMargin");
        if (grace.isNegative() || safetyMargin.isNegative()) {
            throw new IllegalArgumentException("negative GC durations");
        }
    }

    public static GcOptions defaults() {
        return new GcOptions(Duration.ofHours(24).plusMinutes(5), Duration.ofMinutes(5));
    }
}
