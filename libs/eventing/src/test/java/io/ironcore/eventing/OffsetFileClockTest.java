package io.ironcore.eventing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetFileClockTest {
    private static final Instant T = Instant.parse("2026-12-03T02:00:00Z");

    @Test
    void theOffsetFollowsTheFileAndABadFileKeepsTheLastGoodOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("offset");
        OffsetFileClock clock = new OffsetFileClock(Clock.fixed(T, ZoneOffset.UTC), file);
        assertThat(clock.instant()).as("no file, no offset").isEqualTo(T);

        Files.writeString(file, "PT3H\n");
        awaitInstant(clock, T.plus(Duration.ofHours(3)));

        Files.writeString(file, "three hours");
        Thread.sleep(450);
        assertThat(clock.instant()).isEqualTo(T.plus(Duration.ofHours(3)));

        Files.writeString(file, "-PT1H");
        awaitInstant(clock, T.minus(Duration.ofHours(1)));

        Files.delete(file);
        awaitInstant(clock, T);
    }

    private static void awaitInstant(Clock clock, Instant expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!clock.instant().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(clock.instant()).isEqualTo(expected);
    }
}
