package io.ironcore.jobs.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stored bucket counts are read from PostgreSQL's text of a bigint[]. */
class BucketArrayTest {

    @Test
    void theTextOfABigintArrayIsItsNumbers() {
        assertThat(JobMetrics.buckets("{0,3,12,10,3,0,0,0,0,0}")).containsExactly(0, 3, 12, 10, 3, 0, 0, 0, 0, 0);
        assertThat(JobMetrics.buckets("{9223372036854775807}")).containsExactly(Long.MAX_VALUE);
        assertThat(JobMetrics.buckets("{}")).isEmpty();
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> JobMetrics.buckets("0,3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobMetrics.buckets("{1,NULL}")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> JobMetrics.buckets(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
