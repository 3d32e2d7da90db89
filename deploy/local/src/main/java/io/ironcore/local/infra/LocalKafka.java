package io.ironcore.local.infra;

import io.ironcore.events.TopicConfigs;
import io.ironcore.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Apache Kafka broker in KRaft mode, run as a child JVM from the jars that deploy/kafka copies
 * out of the Maven artifacts. Its log directory persists under the data directory, so a restarted demo keeps its
 * events.
 */
public final class LocalKafka implements AutoCloseable {
    private volatile ChildProcess process;
    private final int port;
    private final List<String> command;
    private final Path dir;

    private LocalKafka(ChildProcess process, int port, List<String> command, Path dir) {
        this.process = process;
        this.port = port;
        this.command = command;
        this.dir = dir;
    }

    public static LocalKafka start(Path dir, int port, int controllerPort, Path libDir) {
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(controllerPort, "Kafka controller");
        if (!Files.isDirectory(libDir)) {
            throw new IllegalStateException("Kafka's class path " + libDir + " is missing: build first (mvn -DskipTests package)");
        }
        try {
            Path logDirs = dir.resolve("data");
            Files.createDirectories(logDirs);
            Path config = dir.resolve("server.properties");
            Files.writeString(config, serverProperties(logDirs, port, controllerPort));
            Path log4j = dir.resolve("log4j2.properties");
            Files.writeString(log4j, LOG4J);
            String classpath = libDir.toAbsolutePath() + "/*";
            List<String> base = List.of(ChildProcess.java(), "-Xms128m", "-Xmx512m",
                    "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(), "-cp", classpath);
            if (!Files.exists(logDirs.resolve("meta.properties"))) {
                List<String> format = new ArrayList<>(base);
                format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c",
                        config.toAbsolutePath().toString(), "--standalone"));
                ChildProcess f = ChildProcess.start("kafka-format", format, Map.of(), dir, dir.resolve("format.log"));
                if (!f.process().waitFor(60, TimeUnit.SECONDS) || f.process().exitValue() != 0) {
                    throw new IllegalStateException("formatting Kafka storage failed: " + Files.readString(f.log()));
                }
            }
            List<String> run = new ArrayList<>(base);
            run.addAll(List.of("kafka.Kafka", config.toAbsolutePath().toString()));
            ChildProcess broker = ChildProcess.start("kafka", run, Map.of(), dir, dir.resolve("broker.log"));
            LocalKafka kafka = new LocalKafka(broker, port, List.copyOf(run), dir);
            try {
                Ports.awaitOpen(port, Duration.ofSeconds(60), broker.process(), "Kafka (see " + broker.log() + ")");
                kafka.createTopics(Topics.all(), Topics.PARTITIONS);
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return bootstrap(port);
    }

    public ChildProcess process() {
        return process;
    }

    /** Starts the broker again on its log directory, after it died (it keeps its topics and records). */
    public synchronized ChildProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("Kafka is still running");
        }
        process = ChildProcess.start("kafka", command, Map.of(), dir, dir.resolve("broker.log"));
        return process;
    }

    static String bootstrap(int port) {
        return "127.0.0.1:" + port;
    }

    /**
     * Creates the topics that do not exist yet and sets every topic's configs ({@link TopicConfigs}, the event
     * retention from {@value TopicConfigs#RETENTION_DAYS_PROPERTY}); waits until the broker answers.
     */
    public void createTopics(List<String> names, int partitions) {
        ensureTopics(bootstrapServers(), names, partitions);
    }

    /** {@link #ensureTopics(String, List, int, int)} with the configured event retention. */
    public static void ensureTopics(String bootstrapServers, List<String> names, int partitions) {
        ensureTopics(bootstrapServers, names, partitions, TopicConfigs.retentionDays(System.getenv()));
    }

    /**
     * Creates the topics that do not exist yet with their configs, and sets the same configs on those that exist
     * (incrementalAlterConfigs: only the keys {@link TopicConfigs} names change, other overrides stay).
     */
    public static void ensureTopics(String bootstrapServers, List<String> names, int partitions, int retentionDays) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, partitions, (short) 1)
                    .configs(TopicConfigs.of(n, retentionDays))).toList();
            List<String> existing = new ArrayList<>();
            for (var e : admin.createTopics(topics).values().entrySet()) {
                try {
                    e.getValue().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topics: " + ex.getCause(), ex.getCause());
                    }
                    existing.add(e.getKey());
                }
            }
            if (!existing.isEmpty()) {
                alterConfigs(admin, existing, retentionDays);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer", e);
        }
    }

    private static void alterConfigs(Admin admin, List<String> topics, int retentionDays)
            throws InterruptedException, TimeoutException {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
        for (String t : topics) {
            ops.put(new ConfigResource(ConfigResource.Type.TOPIC, t), TopicConfigs.of(t, retentionDays).entrySet()
                    .stream().map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()),
                            AlterConfigOp.OpType.SET)).toList());
        }
        try {
            admin.incrementalAlterConfigs(ops).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot set the topics' configs: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        process.close();
    }

    /** Kafka's cluster id form: URL-safe base64 of 16 random bytes; never with a leading '-' (read as a flag). */
    private static String clusterId() {
        byte[] uuid = new byte[16];
        String id;
        do {
            new SecureRandom().nextBytes(uuid);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(uuid);
        } while (id.startsWith("-"));
        return id;
    }

    private static String serverProperties(Path logDirs, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDirs.toAbsolutePath(),
                "num.partitions=" + Topics.PARTITIONS,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=168",
                "") ;
    }

    private static final String LOG4J = String.join("\n",
            "status = warn",
            "appender.console.type = Console",
            "appender.console.name = STDOUT",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.stdout.ref = STDOUT",
            "logger.kafka.name = kafka",
            "logger.kafka.level = WARN",
            "logger.server.name = org.apache.kafka",
            "logger.server.level = WARN",
            "logger.started.name = kafka.server.KafkaRaftServer",
            "logger.started.level = INFO",
            "");
}
