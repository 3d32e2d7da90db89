package io.ironcore.jobs.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RPO's syntax, and the RPO a schedule implies. */
class RpoTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void clientsWriteDurationsInTheShortSyntaxOrIso8601() {
        assertThat(Rpo.parse("26h")).isEqualTo(Duration.ofHours(26));
        assertThat(Rpo.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Rpo.parse("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(Rpo.parse("1d 12h 30min")).isEqualTo(Duration.ofMinutes(36 * 60 + 30));
        assertThat(Rpo.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Rpo.parse("PT26H")).isEqualTo(Duration.ofHours(26));
        assertThat(Rpo.parse("p1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Rpo.parse("soon")).hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> Rpo.parse("26")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Rpo.parse("26h foo")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Rpo.parse("")).hasMessageContaining("must be a duration");
        assertThatThrownBy(() -> Rpo.parse("30s")).hasMessageContaining("between 1m and 400d");
        assertThatThrownBy(() -> Rpo.parse("500d")).hasMessageContaining("between 1m and 400d");
        assertThatThrownBy(() -> Rpo.parse("PTXH")).hasMessageContaining("ISO-8601");
    }

    @Test
    void durationsAreWrittenTheShortestWay() {
        assertThat(Rpo.format(Duration.ofHours(26))).isEqualTo("26h");
        assertThat(Rpo.format(Duration.ofMinutes(65))).isEqualTo("1h 5m");
        assertThat(Rpo.format(Duration.ofDays(7).plusHours(6))).isEqualTo("7d 6h");
        assertThat(Rpo.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Rpo.format(Duration.ofSeconds(90))).isEqualTo("1m 30s");
    }

    @Test
    void aScheduleImpliesItsLongestGapPlusAGrace() {
        assertThat(Rpo.derive("02:00", "UTC", NOW)).isEqualTo(Duration.ofHours(26));
        assertThat(Rpo.derive("hourly", "UTC", NOW)).isEqualTo(Duration.ofMinutes(65));
        assertThat(Rpo.derive("*:0/15", "UTC", NOW)).isEqualTo(Duration.ofMinutes(20));
        assertThat(Rpo.derive("Sun 03:00", "UTC", NOW)).isEqualTo(Duration.ofDays(7).plusHours(6));
        // weekdays only: the longest gap is Friday to Monday
        assertThat(Rpo.derive("Mon..Fri 02:00", "UTC", NOW)).isEqualTo(Duration.ofDays(3).plusHours(6));
        // 02:30 does not exist in Berlin on the day DST starts, so that slot is skipped (as systemd does): 47 hours
        assertThat(Rpo.derive("02:30", "Europe/Berlin", NOW)).isEqualTo(Duration.ofHours(47).plusMinutes(235));
    }

    @Test
    void aJobWithoutScheduleOrThatNeverElapsesAgainHasNoDerivedRpo() {
        assertThat(Rpo.derive(null, "UTC", NOW)).isNull();
        assertThat(Rpo.derive("2020-01-01 00:00", "UTC", NOW)).isNull();
        assertThat(Rpo.derive("2027-01-01 00:00", "UTC", NOW)).isNull();
    }
}
