package io.ironcore.local.infra;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the infrastructure comes from. By default everything is embedded under one data directory; an existing
 * Kafka or PostgreSQL is used instead when its address is given.
 *
 * <ul>
 *   <li>{@code IRONCORE_DATA_DIR}: the data directory (default {@code .ironcore-data} in the repository)</li>
 *   <li>{@code IRONCORE_KAFKA_BOOTSTRAP}: an existing Kafka, e.g. {@code kafka-1:9092}</li>
 *   <li>{@code IRONCORE_KAFKA_PORT}: the port of the embedded broker (default 19092; its controller uses +1)</li>
 *   <li>{@code IRONCORE_DB_URL}, {@code IRONCORE_DB_USER}, {@code IRONCORE_DB_PASSWORD}: an existing PostgreSQL
 *       server, e.g. {@code jdbc:postgresql://db:5432/postgres}</li>
 *   <li>{@code IRONCORE_DB_PORT}: the port of the embedded PostgreSQL (default 15432)</li>
 * </ul>
 *
 * <p>{@code durable}: the embedded PostgreSQL flushes each commit to disk ({@code fsync} and
 * {@code synchronous_commit} on), so what it answered as committed survives a crash of the host. Always so for the
 * demo; test JVMs, whose data is thrown away at exit, may turn it off for speed with {@link #nonDurable()}.
 */
public record InfraSettings(Path dataDir, String kafkaBootstrap, int kafkaPort, int kafkaControllerPort,
                            String dbUrl, String dbUser, String dbPassword, int dbPort, Path kafkaLib,
                            boolean durable) {

    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_DB_PORT = 15432;

    public static InfraSettings fromEnvironment(Path defaultDataDir, Map<String, String> env) {
        Path dataDir = Optional.ofNullable(env.get("IRONCORE_DATA_DIR")).map(Path::of).orElse(defaultDataDir);
        int kafkaPort = Integer.parseInt(env.getOrDefault("IRONCORE_KAFKA_PORT", "" + DEFAULT_KAFKA_PORT));
        return new InfraSettings(dataDir.toAbsolutePath(), env.get("IRONCORE_KAFKA_BOOTSTRAP"), kafkaPort,
                kafkaPort + 1, env.get("IRONCORE_DB_URL"), env.getOrDefault("IRONCORE_DB_USER", "postgres"),
                env.getOrDefault("IRONCORE_DB_PASSWORD", "postgres"),
                Integer.parseInt(env.getOrDefault("IRONCORE_DB_PORT", "" + DEFAULT_DB_PORT)),
                locateKafkaLib(env), true);
    }

    /**
     * Embedded everything on free ports, for tests, durable like the demo unless {@link #nonDurable()} is asked for.
     * External addresses in the environment still win.
     */
    public static InfraSettings forTests(Path dataDir, Map<String, String> env) {
        int kafkaPort = Ports.free();
        return new InfraSettings(dataDir, env.get("IRONCORE_KAFKA_BOOTSTRAP"), kafkaPort, Ports.free(),
                env.get("IRONCORE_DB_URL"), env.getOrDefault("IRONCORE_DB_USER", "postgres"),
                env.getOrDefault("IRONCORE_DB_PASSWORD", "postgres"), Ports.free(), locateKafkaLib(env), true);
    }

    /**
     * The same settings with the embedded PostgreSQL's {@code fsync} and {@code synchronous_commit} off: faster, and
     * a crash of the host can lose or corrupt committed data. Only for data that is thrown away (test JVMs).
     */
    public InfraSettings nonDurable() {
        return new InfraSettings(dataDir, kafkaBootstrap, kafkaPort, kafkaControllerPort, dbUrl, dbUser, dbPassword,
                dbPort, kafkaLib, false);
    }

    /**
     * The broker's class path, copied out of the Maven artifacts by deploy/kafka: the {@code ironcore.kafka.lib}
     * system property, {@code IRONCORE_KAFKA_LIB}, or {@code deploy/kafka/target/lib} above the working directory.
     */
    static Path locateKafkaLib(Map<String, String> env) {
        String configured = System.getProperty("ironcore.kafka.lib", env.get("IRONCORE_KAFKA_LIB"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return RepoRoot.find().map(r -> r.resolve("deploy/kafka/target/lib"))
                .orElse(Path.of("deploy/kafka/target/lib"));
    }

    public boolean embeddedKafka() {
        return kafkaBootstrap == null || kafkaBootstrap.isBlank();
    }

    public boolean embeddedPostgres() {
        return dbUrl == null || dbUrl.isBlank();
    }
}
