package io.ironcore.notifications.metrics;

import io.ironcore.notifications.Delivery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire forms of a point (plain JUnit), and the retries' back-off. */
class PointTest {
    private static final Instant AT = Instant.parse("2026-12-04T02:00:07Z");

    @Test
    void influxLinesEscapeTagsTypeIntegersAndSkipAbsentTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("status", "Failed");
        tags.put("mode", null);
        tags.put("type", "verify");
        Map<String, Number> fields = new LinkedHashMap<>();
        fields.put("duration_seconds", 1.5);
        fields.put("bytes_read", 42L);
        Point p = new Point("run", "team a", "web,db=1", tags, fields, AT);
        assertThat(p.influxLine()).isEqualTo("ironcore_run,project=team\\ a,job=web\\,db\\=1,status=Failed,"
                + "type=verify duration_seconds=1.500,bytes_read=42i " + AT.getEpochSecond() + "\n");
    }

    @Test
    void graphiteLinesSanitizeNamesAndCarryTheStatusAsAFailedField() {
        Point sync = new Point("sync", "ops", "weekly archival.v2", Map.of("status", "Completed"),
                Map.of("bytes_copied", 2048L), AT);
        assertThat(sync.graphiteLines(null)).isEqualTo(
                "ironcore.ops.weekly_archival_v2.sync.bytes_copied 2048 " + AT.getEpochSecond() + "\n"
                        + "ironcore.ops.weekly_archival_v2.sync.failed 0 " + AT.getEpochSecond() + "\n");
        Point failed = new Point("prune", null, "j", Map.of("status", "Failed"), Map.of(), AT);
        assertThat(failed.graphiteLines("dc1.backup")).isEqualTo("dc1.backup._.j.prune.failed 1 "
                + AT.getEpochSecond() + "\n");
    }

    @Test
    void theBackOffDoublesFromTheInitialOneUpToTheMaximum() {
        Duration initial = Duration.ofSeconds(10);
        Duration max = Duration.ofSeconds(60);
        assertThat(Delivery.backoff(1, initial, max)).isEqualTo(Duration.ofSeconds(10));
        assertThat(Delivery.backoff(2, initial, max)).isEqualTo(Duration.ofSeconds(20));
        assertThat(Delivery.backoff(3, initial, max)).isEqualTo(Duration.ofSeconds(40));
        assertThat(Delivery.backoff(4, initial, max)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Delivery.backoff(40, initial, max)).isEqualTo(Duration.ofSeconds(60));
    }
}
