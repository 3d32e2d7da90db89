package io.ironcore.eventing.rebuild;

import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.sync.SyncJobDeleted;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.ironcore.local.testing.TopicProbe;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replay's read of the log, on the real broker: from offset 0 to the end offsets taken, nothing after. */
class LogReplayTest {
    private static final String TOPIC = Topics.dlq(Topics.COMPLIANCE_EVENTS);
    private final String bootstrap = IroncoreTestInfrastructure.shared().bootstrapServers();
    private final TopicProbe kafka = new TopicProbe(bootstrap);
    private final LogReplay log = new LogReplay(bootstrap, Duration.ofSeconds(60));

    @Test
    void readsEveryPartitionFromTheStartUpToTheEndOffsetsTakenAndLeavesOutWhatDoesNotDecode() {
        LogReplay.Read before = log.read(log.endOffsets(List.of(TOPIC)));
        String key = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            kafka.sendEvent(TOPIC, key, EventTypes.SYNC_JOB_DELETED, id,
                    new SyncJobDeleted(key, "s-" + i, "default", Instant.parse("2026-12-04T00:00:00Z")));
        }
        kafka.send(TOPIC, key, Map.of(CloudEventHeaders.ID, "poison"), "not an event".getBytes(StandardCharsets.UTF_8));
        Map<TopicPartition, Long> ends = log.endOffsets(List.of(TOPIC));
        String after = UUID.randomUUID().toString();
        kafka.sendEvent(TOPIC, key, EventTypes.SYNC_JOB_DELETED, after,
                new SyncJobDeleted(key, "s-after", "default", Instant.parse("2026-12-04T00:00:00Z")));

        LogReplay.Read read = log.read(ends);

        assertThat(ends).hasSize(Topics.PARTITIONS);
        assertThat(read.events()).hasSize(before.events().size() + 3);
        assertThat(read.malformed()).isEqualTo(before.malformed() + 1);
        assertThat(read.events().stream().map(e -> e.event().id()).filter(id -> ids.contains(id) || id.equals(after)))
                .containsExactlyElementsOf(ids); // in the partition's order, and not the one after the end
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        assertThat(log.lag("no-such-group-" + key, ends)).isEqualTo(total);
    }

    @Test
    void aTopicThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> new LogReplay(bootstrap, Duration.ofSeconds(5))
                .endOffsets(List.of("ironcore.no-such-topic-" + UUID.randomUUID())))
                .hasMessageContaining("does not exist");
    }
}
