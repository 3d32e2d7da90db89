package io.ironcore.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    @Test
    void builderMatchesParser() {
        RetentionPolicy built = RetentionPolicy.builder().keepMonthly(12).keepDaily(7).keepWeekly(4).build();
        assertThat(built).isEqualTo(RetentionPolicy.parse("keep-daily=7, keep-weekly=4, keep-monthly=12"));
        assertThat(built.hashCode()).isEqualTo(RetentionPolicy.parse("keep-daily=7,keep-weekly=4,keep-monthly=12").hashCode());
        assertThat(built.format()).isEqualTo("keep-daily=7, keep-weekly=4, keep-monthly=12");
        assertThat(built.keepDaily()).hasValue(7);
        assertThat(built.keepWeekly()).hasValue(4);
        assertThat(built.keepMonthly()).hasValue(12);
        assertThat(built.keepLast()).isEmpty();
        assertThat(built.keepHourly()).isEmpty();
        assertThat(built.keepYearly()).isEmpty();
        assertThat(built.windows()).containsExactly(
                Map.entry(Window.DAILY, 7), Map.entry(Window.WEEKLY, 4), Map.entry(Window.MONTHLY, 12));
        assertThat(built.maxKept()).isEqualTo(23);
        assertThat(built.isEmpty()).isFalse();
    }

    @Test
    void builderSettersReplaceAndClear() {
        RetentionPolicy p = RetentionPolicy.builder().keepLast(3).keepLast(5).keepHourly(2).keepYearly(1)
                .clear(Window.HOURLY).build();
        assertThat(p.format()).isEqualTo("keep-last=5, keep-yearly=1");
        assertThat(p.toBuilder().keep(Window.DAILY, 2).build().format()).isEqualTo("keep-last=5, keep-daily=2, keep-yearly=1");
        assertThat(p.format()).isEqualTo("keep-last=5, keep-yearly=1");
    }

    @Test
    void builderRejectsOutOfRangeCounts() {
        assertThatThrownBy(() -> RetentionPolicy.builder().keepDaily(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keep-daily must be an integer between 1 and 100000, got 0");
        assertThatThrownBy(() -> RetentionPolicy.builder().keepWeekly(-3))
                .hasMessage("keep-weekly must be an integer between 1 and 100000, got -3");
        assertThatThrownBy(() -> RetentionPolicy.builder().keepLast(100_001))
                .hasMessage("keep-last must be an integer between 1 and 100000, got 100001");
        assertThat(RetentionPolicy.builder().keepLast(RetentionPolicy.MAX_COUNT).build().keepLast())
                .hasValue(100_000);
    }

    @Test
    void emptyPolicyKeepsEverything() {
        RetentionPolicy none = RetentionPolicy.none();
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.format()).isEmpty();
        assertThat(none.windows()).isEmpty();
        assertThat(RetentionPolicy.builder().build()).isEqualTo(none);
        assertThat(RetentionPolicy.builder().keepDaily(1).clear(Window.DAILY).build()).isSameAs(none);
    }

    @Test
    void formatRoundTripsForRandomPolicies() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            RetentionPolicy.Builder b = RetentionPolicy.builder();
            for (Window w : Window.values()) {
                if (random.nextBoolean()) {
                    b.keep(w, 1 + random.nextInt(random.nextBoolean() ? 10 : RetentionPolicy.MAX_COUNT));
                }
            }
            RetentionPolicy p = b.build();
            if (!p.isEmpty()) {
                assertThat(RetentionPolicy.parse(p.format())).isEqualTo(p);
            }
        }
    }

    @Test
    void windowKeys() {
        assertThat(Window.fromKey("keep-weekly")).contains(Window.WEEKLY);
        assertThat(Window.fromKey("weekly")).isEmpty();
        assertThat(Window.WEEKLY.label()).isEqualTo("weekly");
        assertThat(Window.WEEKLY.periodNoun()).isEqualTo("ISO week");
        assertThat(Window.values()).extracting(Window::key).containsExactly(
                "keep-last", "keep-hourly", "keep-daily", "keep-weekly", "keep-monthly", "keep-yearly");
    }
}
