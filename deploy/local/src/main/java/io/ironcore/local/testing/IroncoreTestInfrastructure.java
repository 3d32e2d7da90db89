package io.ironcore.local.testing;

import io.ironcore.local.infra.InfraSettings;
import io.ironcore.local.infra.Infrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real Kafka broker and PostgreSQL of a test JVM, started once and shared by every test of the module. Use it
 * with {@code @QuarkusTestResource(value = IroncoreTestInfrastructure.class, initArgs = @ResourceArg(name =
 * "database", value = "ironcore_jobs"))}. External servers given by IRONCORE_KAFKA_BOOTSTRAP / IRONCORE_DB_URL are
 * used instead when set.
 */
public class IroncoreTestInfrastructure implements QuarkusTestResourceLifecycleManager {
    private static Infrastructure infra;
    private static Path dataDir;
    private String database = "ironcore_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Infrastructure i = shared();
        i.postgres().ensureDatabase(database);
        return Map.of(
                "quarkus.datasource.jdbc.url", i.postgres().jdbcUrl(database),
                "quarkus.datasource.username", i.postgres().user(),
                "quarkus.datasource.password", i.postgres().password(),
                "kafka.bootstrap.servers", i.bootstrapServers(),
                "ironcore.test.data-dir", dataDir.toString());
    }

    @Override
    public void stop() {
        // shared by every test of this JVM; stopped by the shutdown hook
    }

    /** Starts the infrastructure on first use. */
    public static synchronized Infrastructure shared() {
        if (infra == null) {
            try {
                dataDir = Files.createTempDirectory("ironcore-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            infra = Infrastructure.start(InfraSettings.forTests(dataDir, System.getenv()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                infra.close();
                deleteQuietly(dataDir);
            }, "ironcore-test-infra-stop"));
        }
        return infra;
    }

    /** A scratch directory of this test JVM, removed at exit. */
    public static synchronized Path dataDir() {
        shared();
        return dataDir;
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
