package io.ironcore.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ironcore-backup dlq ...}: the events consumers gave up on, read straight from the {@code .dlq} topics, and
 * their replay to the topic they came from. A replayed event keeps its key, CloudEvents headers and data, so a
 * consumer that handled it already skips it (its inbox), and replaying twice applies it once.
 */
@Command(name = "dlq", description = "List and replay the dead-lettered events (the .dlq topics on Kafka).",
        mixinStandardHelpOptions = true, subcommands = {DlqCommand.ListDlq.class, DlqCommand.Replay.class})
public class DlqCommand {
    static final String DLQ_SUFFIX = ".dlq";
    static final String CE_ID = "ce_id";
    static final String CE_TYPE = "ce_type";
    static final String CE_TIME = "ce_time";
    /** Written by the consumers' failure strategy (libs/eventing DeadLetterStrategy, SmallRye's dead-letter queue). */
    static final String DEAD_LETTER_PREFIX = "dead-letter-";
    static final String REASON = "dead-letter-reason";
    static final String ORIGINAL_TOPIC = "dead-letter-topic";
    static final String ORIGINAL_PARTITION = "dead-letter-partition";
    static final String ORIGINAL_OFFSET = "dead-letter-offset";
    static final String CONSUMER_GROUP = "dead-letter-consumer-group";
    static final String DEAD_LETTERED_AT = "dead-letter-time";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    static {
        // the Kafka client logs through SLF4J; its provider here is NOP, and SLF4J itself says nothing
        System.setProperty("slf4j.internal.verbosity", "ERROR");
    }

    /**
     * Where Kafka is: {@code --bootstrap} (or {@code --bootstrap-servers}), else IRONCORE_KAFKA, else
     * IRONCORE_KAFKA_BOOTSTRAP, else a {@code kafka=} line in the config file (IRONCORE_CONFIG, else
     * ~/.config/ironcore-backup/config), else the local demo's broker.
     */
    static class KafkaConnection {
        static final String DEFAULT = "127.0.0.1:19092";

        @Option(names = {"--bootstrap", "--bootstrap-servers"}, paramLabel = "<host:port>",
                description = "Kafka bootstrap servers host:port[,…] (env IRONCORE_KAFKA or IRONCORE_KAFKA_BOOTSTRAP, "
                        + "or kafka= in the config file; default " + DEFAULT + ")")
        String bootstrap;

        String servers() {
            String s = Connection.first(bootstrap, System.getenv("IRONCORE_KAFKA"),
                    System.getenv("IRONCORE_KAFKA_BOOTSTRAP"), Connection.configFile().getProperty("kafka"), DEFAULT);
            for (String server : s.split(",")) {
                if (!server.trim().matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}")) {
                    throw new CliException(ExitCodes.USAGE, "--bootstrap must be host:port[,host:port…], not '" + s
                            + "'");
                }
            }
            return s;
        }
    }

    /** A dead-lettered record as read from its {@code .dlq} topic. */
    record Dead(String dlqTopic, int dlqPartition, long dlqOffset, Instant deadLetteredAt, String key,
                Map<String, String> headers, List<Header> rawHeaders, byte[] value) {
        String id() {
            return headers.get(CE_ID);
        }

        String originalTopic() {
            return dlqTopic.substring(0, dlqTopic.length() - DLQ_SUFFIX.length());
        }

        ObjectNode json() {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("id", id());
            n.put("type", headers.get(CE_TYPE));
            n.put("topic", originalTopic());
            n.put("partition", headers.get(ORIGINAL_PARTITION));
            n.put("offset", headers.get(ORIGINAL_OFFSET));
            n.put("consumerGroup", headers.get(CONSUMER_GROUP));
            n.put("deadLetteredAt", deadLetteredAt.toString());
            n.put("eventTime", headers.get(CE_TIME));
            n.put("reason", headers.get(REASON));
            n.put("key", key);
            n.put("dlqTopic", dlqTopic);
            n.put("dlqPartition", dlqPartition);
            n.put("dlqOffset", dlqOffset);
            return n;
        }
    }

    @Command(name = "list", description = "The dead-lettered events: id, type, the topic it came from, when, and why.",
            mixinStandardHelpOptions = true)
    static class ListDlq implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        KafkaConnection kafka;
        @Option(names = "--topic", description = "only this topic's dead letters, e.g. ironcore.run-events (default: "
                + "every .dlq topic)")
        String topic;
        @Mixin
        Options.OutputFormat output;

        @Override
        public void run() {
            output.check();
            String servers = kafka.servers();
            List<Dead> all = new ArrayList<>();
            for (String dlq : dlqTopics(servers, topic)) {
                all.addAll(read(servers, dlq));
            }
            ArrayNode json = Json.MAPPER.createArrayNode();
            all.forEach(d -> json.add(d.json()));
            output.print(spec, json, () -> {
                if (all.isEmpty()) {
                    return "no dead-lettered events";
                }
                Table t = new Table("ID", "TYPE", "TOPIC", "DEAD-LETTERED", "CONSUMER", "REASON");
                all.forEach(d -> t.row(d.id(), d.headers().get(CE_TYPE), d.originalTopic(), d.deadLetteredAt(),
                        d.headers().get(CONSUMER_GROUP), oneLine(d.headers().get(REASON))));
                return t;
            });
        }
    }

    @Command(name = "replay", description = "Publish dead-lettered events again to the topic they came from, with "
            + "the same key, CloudEvents headers and data. Consumers skip an event they have handled already, so a "
            + "replay is idempotent.", mixinStandardHelpOptions = true)
    static class Replay implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        KafkaConnection kafka;
        @Option(names = "--topic", required = true, description = "the topic whose dead letters to replay, e.g. "
                + "ironcore.run-events")
        String topic;
        @Option(names = "--id", description = "only the event with this id (ce_id; default: every event)")
        String id;

        @Override
        public void run() {
            String servers = kafka.servers();
            String dlq = dlqTopics(servers, topic).get(0);
            // each event once, its latest dead letter (an event dead-lettered twice is replayed once)
            Map<String, Dead> byId = new LinkedHashMap<>();
            int notEvents = 0;
            for (Dead d : read(servers, dlq)) {
                if (d.id() == null || d.id().isBlank()) {
                    notEvents++;
                } else if (id == null || id.equals(d.id())) {
                    byId.remove(d.id());
                    byId.put(d.id(), d);
                }
            }
            if (id != null && byId.isEmpty()) {
                throw new CliException(ExitCodes.NOT_FOUND, "no dead-lettered event " + id + " in " + dlq);
            }
            String target = dlq.substring(0, dlq.length() - DLQ_SUFFIX.length());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(servers))) {
                List<Future<?>> sent = new ArrayList<>();
                for (Dead d : byId.values()) {
                    RecordHeaders headers = new RecordHeaders();
                    d.rawHeaders().stream().filter(h -> !h.key().startsWith(DEAD_LETTER_PREFIX)).forEach(headers::add);
                    sent.add(producer.send(new ProducerRecord<>(target, null, d.key(), d.value(), headers)));
                }
                producer.flush();
                for (Future<?> f : sent) {
                    f.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
                }
            } catch (TimeoutException e) {
                throw new CliException(ExitCodes.UNREACHABLE, "Kafka at " + servers + " did not take the replay in "
                        + TIMEOUT.multipliedBy(2).toSeconds() + " s");
            } catch (ExecutionException | KafkaException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                throw new CliException(ExitCodes.FAILED, "Kafka refused the replay: " + cause.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.FAILED, "interrupted");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("replayed " + byId.size() + " event(s) from " + dlq + " to " + target
                    + (notEvents > 0 ? " (skipped " + notEvents + " record(s) without a ce_id: not events)" : ""));
            out.flush();
        }
    }

    /** The dead-letter topic of {@code topic} (T or T.dlq), or every {@code .dlq} topic when it is null. */
    static List<String> dlqTopics(String servers, String topic) {
        if (topic != null && !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new CliException(ExitCodes.USAGE, "--topic is not a Kafka topic name: '" + topic + "'");
        }
        Set<String> names;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        try (Admin admin = Admin.create(p)) {
            names = new TreeSet<>(admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw unreachable(servers);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException ? unreachable(servers)
                    : new CliException(ExitCodes.UNREACHABLE, "Kafka at " + servers + ": " + e.getCause().getMessage());
        } catch (KafkaException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach Kafka at " + servers + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
        if (topic == null) {
            return names.stream().filter(n -> n.endsWith(DLQ_SUFFIX)).toList();
        }
        String dlq = topic.endsWith(DLQ_SUFFIX) ? topic : topic + DLQ_SUFFIX;
        if (!names.contains(dlq)) {
            throw new CliException(ExitCodes.NOT_FOUND, "no dead-letter topic " + dlq + " on Kafka at " + servers
                    + (names.contains(topic) || dlq.equals(topic) ? "" : " (and no topic " + topic + ")"));
        }
        return List.of(dlq);
    }

    /** Every record now in the dead-letter topic, from the start of each partition to its end. */
    static List<Dead> read(String servers, String dlq) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig(servers))) {
            List<TopicPartition> parts = c.partitionsFor(dlq, TIMEOUT).stream()
                    .map(i -> new TopicPartition(dlq, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, TIMEOUT);
            List<Dead> out = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.multipliedBy(6).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp, TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(ExitCodes.UNREACHABLE, "could not read " + dlq + " to its end in "
                            + TIMEOUT.multipliedBy(6).toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    List<Header> raw = new ArrayList<>();
                    for (Header h : r.headers()) {
                        raw.add(h);
                        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    Instant at = headers.get(DEAD_LETTERED_AT) != null ? parse(headers.get(DEAD_LETTERED_AT))
                            : Instant.ofEpochMilli(r.timestamp());
                    out.add(new Dead(dlq, r.partition(), r.offset(), at, r.key(), headers, raw, r.value()));
                }
            }
            out.sort(Comparator.comparing(Dead::deadLetteredAt));
            return out;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(servers);
        }
    }

    /**
     * A consumer without a group (it is assigned partitions, commits nothing, and leaves no trace on the broker):
     * string keys, raw values; also used by {@code events}.
     */
    static Properties consumerConfig(String servers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return p;
    }

    private static Properties producerConfig(String servers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.multipliedBy(2).toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return p;
    }

    private static Instant parse(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    static String oneLine(String s) {
        if (s == null) {
            return null;
        }
        String l = s.replaceAll("\\s+", " ").trim();
        return l.length() > 160 ? l.substring(0, 160) + "…" : l;
    }

    static CliException unreachable(String servers) {
        return new CliException(ExitCodes.UNREACHABLE, "cannot reach Kafka at " + servers + " within "
                + TIMEOUT.toSeconds() + " s");
    }
}
