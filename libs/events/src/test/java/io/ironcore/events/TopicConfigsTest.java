package io.ironcore.events;

import io.ironcore.events.catalog.EventCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each topic keeps, without a broker (deploy/local's TopicConfigsTest reads it back from a real one). */
class TopicConfigsTest {
    private static final String DAYS_400_MS = Long.toString(400L * 24 * 3600 * 1000);

    @Test
    void theDefinitionsTopicIsCompactedForeverAndKeepsATombstoneForThirtyDays() {
        assertThat(TopicConfigs.of(Topics.JOB_DEFINITIONS, 400)).containsExactly(
                Map.entry("cleanup.policy", "compact"),
                Map.entry("retention.ms", "-1"),
                Map.entry("retention.bytes", "-1"),
                Map.entry("delete.retention.ms", Long.toString(30L * 24 * 3600 * 1000)));
        assertThat(TopicConfigs.of(Topics.JOB_DEFINITIONS, 30)).isEqualTo(TopicConfigs.of(Topics.JOB_DEFINITIONS,
                400));
    }

    @Test
    void theStreamsAreNotCompacted() {
        assertThat(TopicConfigs.of(Topics.JOB_EVENTS, 400)).containsExactly(Map.entry("cleanup.policy", "delete"),
                Map.entry("retention.ms", "-1"), Map.entry("retention.bytes", "-1"));
        assertThat(TopicConfigs.of(Topics.dlq(Topics.RUN_EVENTS), 400)).containsExactly(
                Map.entry("cleanup.policy", "delete"), Map.entry("retention.ms", DAYS_400_MS),
                Map.entry("retention.bytes", "-1"));
        for (String t : Topics.STREAMS) {
            assertThat(TopicConfigs.of(t, 400)).as(t).containsEntry("cleanup.policy", "delete")
                    .isEqualTo(TopicConfigs.of(Topics.dlq(t), 400));
        }
    }

    @Test
    void everyTopicIsAStreamItsTwinOrAStateTopicWhichHasNoTwin() {
        List<String> all = Topics.all();
        assertThat(all).doesNotHaveDuplicates().contains(Topics.JOB_DEFINITIONS)
                .doesNotContain(Topics.dlq(Topics.JOB_DEFINITIONS))
                .hasSize(Topics.STREAMS.size() * 2 + Topics.STATE.size());
        assertThat(TopicConfigs.all(400).keySet()).containsExactlyElementsOf(all);
        assertThat(Topics.STATE).doesNotContainAnyElementsOf(Topics.STREAMS);
        assertThatThrownBy(() -> TopicConfigs.of(Topics.dlq(Topics.JOB_DEFINITIONS), 400))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Ironcore topic");
        assertThatThrownBy(() -> TopicConfigs.of(Topics.JOB_DEFINITIONS, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 day");
    }

    @Test
    void onlyTheDefinitionTypesGoToTheStateTopic() {
        assertThat(EventCatalog.ENTRIES.stream().filter(e -> Topics.STATE.contains(e.topic()))
                .map(EventCatalog.Entry::type)).containsExactly(EventTypes.JOB_DEFINITION,
                EventTypes.SYNC_JOB_DEFINITION);
    }
}
