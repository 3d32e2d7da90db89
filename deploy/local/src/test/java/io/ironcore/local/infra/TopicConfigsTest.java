package io.ironcore.local.infra;

import io.ironcore.events.TopicConfigs;
import io.ironcore.events.Topics;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each topic's cleanup and retention, read back from the module's real broker. */
class TopicConfigsTest {
    private final String bootstrap = IroncoreTestInfrastructure.shared().bootstrapServers();

    @AfterEach
    void backToTheConfiguredRetention() {
        LocalKafka.ensureTopics(bootstrap, Topics.all(), Topics.PARTITIONS);
    }

    @Test
    void everyTopicKeepsWhatItIsFor() throws Exception {
        LocalKafka.ensureTopics(bootstrap, Topics.all(), Topics.PARTITIONS, 400);

        Map<String, Map<String, String>> read = readBack(Topics.all(), TopicConfigs.all(400));
        assertThat(read.get(Topics.JOB_EVENTS)).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "-1").containsEntry("retention.bytes", "-1");
        assertThat(read.get(Topics.dlq(Topics.JOB_EVENTS))).containsEntry("retention.ms", "-1");
        assertThat(read.get(Topics.JOB_DEFINITIONS)).containsEntry("cleanup.policy", "compact")
                .containsEntry("retention.ms", "-1").containsEntry("retention.bytes", "-1")
                .containsEntry("delete.retention.ms", Long.toString(30L * 24 * 3600 * 1000));
        assertThat(read).doesNotContainKey(Topics.dlq(Topics.JOB_DEFINITIONS));
        for (String t : List.of(Topics.RUN_EVENTS, Topics.PRUNE_EVENTS, Topics.SYNC_EVENTS,
                Topics.NOTIFICATION_EVENTS, Topics.TICKS, Topics.RUN_REQUESTS, Topics.COMPLIANCE_EVENTS,
                Topics.dlq(Topics.RUN_EVENTS))) {
            assertThat(read.get(t)).as(t).containsEntry("cleanup.policy", "delete")
                    .containsEntry("retention.ms", Long.toString(400L * 24 * 3600 * 1000))
                    .containsEntry("retention.bytes", "-1");
        }
        assertThat(read).isEqualTo(TopicConfigs.all(400));
    }

    @Test
    void anExistingTopicIsBroughtToItsConfigsAndKeepsItsOtherOverrides() throws Exception {
        try (Admin admin = admin()) {
            // as a broker of before: the week of log.retention.hours=168, and an override of the operator's own
            admin.incrementalAlterConfigs(Map.of(topic(Topics.RUN_EVENTS), List.of(
                    set("retention.ms", "604800000"), set("segment.ms", "86400000")),
                    topic(Topics.JOB_EVENTS), List.of(set("retention.ms", "604800000")))).all()
                    .get(60, TimeUnit.SECONDS);
        }

        LocalKafka.ensureTopics(bootstrap, Topics.all(), Topics.PARTITIONS, 30);

        Map<String, Map<String, String>> read = readBack(List.of(Topics.RUN_EVENTS, Topics.JOB_EVENTS),
                Map.of(Topics.RUN_EVENTS, TopicConfigs.of(Topics.RUN_EVENTS, 30),
                        Topics.JOB_EVENTS, TopicConfigs.of(Topics.JOB_EVENTS, 30)));
        assertThat(read.get(Topics.RUN_EVENTS)).containsEntry("retention.ms", Long.toString(30L * 24 * 3600 * 1000));
        assertThat(read.get(Topics.JOB_EVENTS)).containsEntry("retention.ms", "-1");
        try (Admin admin = admin()) {
            ConfigEntry segment = admin.describeConfigs(List.of(topic(Topics.RUN_EVENTS))).all()
                    .get(60, TimeUnit.SECONDS).get(topic(Topics.RUN_EVENTS)).get("segment.ms");
            assertThat(segment.value()).isEqualTo("86400000");
            admin.incrementalAlterConfigs(Map.of(topic(Topics.RUN_EVENTS), List.of(new AlterConfigOp(
                    new ConfigEntry("segment.ms", ""), AlterConfigOp.OpType.DELETE)))).all().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void theEventRetentionIsAtLeastADay() {
        assertThat(TopicConfigs.retentionDays(Map.of())).isEqualTo(TopicConfigs.DEFAULT_RETENTION_DAYS);
        assertThat(TopicConfigs.retentionDays(Map.of(TopicConfigs.RETENTION_DAYS_ENV, "730"))).isEqualTo(730);
        assertThatThrownBy(() -> TopicConfigs.retentionDays(Map.of(TopicConfigs.RETENTION_DAYS_ENV, "0")))
                .hasMessageContaining("at least 1 day");
        assertThatThrownBy(() -> TopicConfigs.retentionDays(Map.of(TopicConfigs.RETENTION_DAYS_ENV, "a year")))
                .hasMessageContaining("not a number of days");
    }

    /**
     * The configs {@link TopicConfigs} names for each topic, as the broker reports them set on it, once they are the
     * expected ones (a broker answers a describe from its metadata, which follows an alter a moment later), or as
     * they are after 30 s.
     */
    private Map<String, Map<String, String>> readBack(List<String> topics, Map<String, Map<String, String>> expected)
            throws Exception {
        Map<String, Map<String, String>> read = describe(topics, expected);
        for (int i = 0; i < 300 && !read.equals(expected); i++) {
            Thread.sleep(100);
            read = describe(topics, expected);
        }
        return read;
    }

    private Map<String, Map<String, String>> describe(List<String> topics, Map<String, Map<String, String>> expected)
            throws Exception {
        try (Admin admin = admin()) {
            Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream().map(TopicConfigsTest::topic)
                    .toList()).all().get(60, TimeUnit.SECONDS);
            Map<String, Map<String, String>> read = new LinkedHashMap<>();
            for (String t : topics) {
                Map<String, String> c = new LinkedHashMap<>();
                for (String key : expected.get(t).keySet()) {
                    ConfigEntry e = configs.get(topic(t)).get(key);
                    assertThat(e.source()).as(t + " " + key).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
                    c.put(key, e.value());
                }
                read.put(t, c);
            }
            return read;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }
}
