package io.ironcore.local.testing;

import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/** Reads and writes topics directly, as an outside consumer would: for tests and for checking the event log. */
public final class TopicProbe {
    /**
     * A header a test puts on the poison it sends (records no consumer can decode). {@link #readAll} and {@link
     * #await} leave such records out, so that tests reading a topic after a poison test are not poisoned themselves;
     * {@link #readAllWithPoison} sees them (on a .dlq topic, where the dead letter keeps the original's headers).
     */
    public static final String POISON = "x-ironcore-test-poison";

    private final String bootstrapServers;

    public TopicProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A record as read, with its headers as strings. */
    public record Rec(String topic, int partition, long offset, long timestamp, String key,
                      Map<String, String> headers, byte[] value) {
        public String header(String name) {
            return headers.get(name);
        }

        public String ceType() {
            return headers.get(CloudEventHeaders.TYPE);
        }

        public String ceId() {
            return headers.get(CloudEventHeaders.ID);
        }

        public String valueString() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }
    }

    /** Every record now in the topic (a test's poison left out), from the beginning of each partition to its end. */
    public List<Rec> readAll(String topic) {
        return readAllWithPoison(topic).stream().filter(r -> r.header(POISON) == null).toList();
    }

    /** Every record now in the topic, a test's poison included. */
    public List<Rec> readAllWithPoison(String topic) {
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<Rec> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(toRec(r));
                }
            }
            return out;
        }
    }

    /** Polls the topic until a record matches, or fails after the timeout. */
    public Rec await(String topic, Predicate<Rec> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Rec r : readAll(topic)) {
                if (match.test(r)) {
                    return r;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout);
    }

    public void send(String topic, String key, Map<String, String> headers, byte[] value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topic, key, value);
            headers.forEach((k, v) -> rec.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(rec).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Sends an event as the services do: CloudEvents binary mode, JSON payload. */
    public void sendEvent(String topic, String key, String type, String id, Object payload) {
        send(topic, key, Map.of(CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, id,
                CloudEventHeaders.TYPE, type, CloudEventHeaders.SOURCE, "/test",
                CloudEventHeaders.TIME, Instant.now().toString()), EventJson.write(payload));
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p);
    }

    private static Rec toRec(ConsumerRecord<String, byte[]> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new Rec(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), headers, r.value());
    }
}
