package io.ironcore.eventing.rebuild;

import io.ironcore.eventing.consumer.EventProcessor;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.MalformedEventException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads topics from offset 0 up to the end offsets taken before, with a plain consumer that belongs to no group
 * (assign and seek; it commits nothing, so no live consumer's position moves). Records are decoded as the live
 * consumers decode them ({@link EventProcessor#decode}); one that does not decode is left out, as the live consumer
 * sent it to the dead-letter topic without handling it.
 */
public final class LogReplay {
    private final String bootstrapServers;
    private final Duration timeout;

    public LogReplay(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /** A decoded record and where it was. */
    public record Replayed(String topic, int partition, long offset, CloudEvent event) {
    }

    /** What a read found: the decoded records in each partition's order, and how many were left out. */
    public record Read(List<Replayed> events, long malformed) {
    }

    /** Every partition of the topics and its end offset (the offset the next record will get), now. */
    public Map<TopicPartition, Long> endOffsets(List<String> topics) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist");
                }
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            return new LinkedHashMap<>(consumer.endOffsets(partitions, timeout));
        }
    }

    /** Reads every partition from its beginning up to (not including) its end offset in {@code ends}. */
    public Read read(Map<TopicPartition, Long> ends) {
        List<Replayed> events = new ArrayList<>();
        long malformed = 0;
        Map<TopicPartition, Long> pending = new HashMap<>();
        ends.forEach((tp, end) -> {
            if (end > 0) {
                pending.put(tp, end);
            }
        });
        if (pending.isEmpty()) {
            return new Read(events, 0);
        }
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(pending.keySet());
            consumer.seekToBeginning(pending.keySet());
            while (!pending.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the log was not read up to its end offsets within " + timeout
                            + "; still to read: " + pending);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long end = pending.get(tp);
                    if (end == null || r.offset() >= end) {
                        continue;
                    }
                    try {
                        events.add(new Replayed(r.topic(), r.partition(), r.offset(), EventProcessor.decode(r)));
                    } catch (MalformedEventException e) {
                        malformed++;
                    }
                }
                for (TopicPartition tp : List.copyOf(pending.keySet())) {
                    if (consumer.position(tp, timeout) >= pending.get(tp)) {
                        pending.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
        }
        return new Read(events, malformed);
    }

    /**
     * How far the live consumer group is behind {@code ends}: the sum over the partitions of the end offset minus
     * the group's committed offset (all of a partition it has committed nothing on).
     */
    public long lag(String groupId, Map<TopicPartition, Long> ends) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ListConsumerGroupOffsetsResult r = admin.listConsumerGroupOffsets(groupId);
            Map<TopicPartition, OffsetAndMetadata> committed = r.partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += Math.max(0, e.getValue() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of consumer group " + groupId + ": " + e, e);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // a wrong name is an error, not a new topic
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ironcore-rebuild");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
