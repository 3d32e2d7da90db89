package io.ironcore.eventing.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay's record of what it published: the highest seq and the gaps rows committed out of order leave. */
class RelayProgressTest {
    private static final Instant T = Instant.parse("2026-12-04T03:00:00Z");

    @Test
    void withoutARecordTheSeqsBelowTheFirstBatchCountAsPublished() {
        RelayProgress p = new RelayProgress();
        assertThat(p.publishedSeq()).isEqualTo(-1);
        assertThat(p.published(List.of(42L, 41L, 43L), T)).isTrue();
        assertThat(p.publishedSeq()).isEqualTo(43);
        assertThat(p.gaps()).isEmpty();
    }

    @Test
    void aRowCommittedAfterALaterOneIsAGapUntilItIsPublished() {
        RelayProgress p = new RelayProgress();
        p.published(List.of(1L, 2L), T);
        // seqs 3..5 were taken by transactions still open when 6 committed
        p.published(List.of(6L), T);
        assertThat(p.publishedSeq()).isEqualTo(6);
        assertThat(p.gaps()).containsExactly(new RelayProgress.Gap(3, 5, T));
        p.published(List.of(4L), T.plusSeconds(1));
        assertThat(p.gaps()).containsExactly(new RelayProgress.Gap(3, 3, T), new RelayProgress.Gap(5, 5, T));
        p.published(List.of(3L, 5L, 7L), T.plusSeconds(2));
        assertThat(p.gaps()).isEmpty();
        assertThat(p.publishedSeq()).isEqualTo(7);
        // a redelivered batch (at least once) changes nothing
        assertThat(p.published(List.of(6L, 7L), T.plusSeconds(3))).isFalse();
    }

    @Test
    void aGapWhoseSeqsNeverComeIsForgottenAfterItsLifetime() {
        RelayProgress p = new RelayProgress();
        p.published(List.of(1L, 3L), T); // 2 rolled back
        assertThat(p.gaps()).hasSize(1);
        p.published(List.of(4L), T.plus(RelayProgress.GAP_LIFETIME).minus(Duration.ofSeconds(1)));
        assertThat(p.gaps()).hasSize(1);
        p.published(List.of(5L), T.plus(RelayProgress.GAP_LIFETIME).plusSeconds(1));
        assertThat(p.gaps()).isEmpty();
    }

    @Test
    void atMostMaxGapsAreKeptTheOldestGo() {
        RelayProgress p = new RelayProgress();
        p.published(List.of(0L), T);
        for (int i = 1; i <= RelayProgress.MAX_GAPS + 5; i++) {
            p.published(List.of(2L * i), T.plusMillis(i));
        }
        assertThat(p.gaps()).hasSize(RelayProgress.MAX_GAPS);
        assertThat(p.gaps().get(0).from()).isEqualTo(11); // gaps 1, 3, 5, 7, 9 were the oldest
    }
}
