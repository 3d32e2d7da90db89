package io.ironcore.local.testing;

import io.ironcore.local.infra.InfraSettings;
import io.ironcore.local.infra.Infrastructure;
import io.ironcore.local.infra.Scratch;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

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
            dataDir = Scratch.directory("ironcore-test-", 1L << 30);
            try {
                // not durable, for speed: the test database is thrown away when the JVM ends
                infra = Infrastructure.start(InfraSettings.forTests(dataDir, System.getenv()).nonDurable());
            } catch (RuntimeException e) {
                Scratch.delete(dataDir);
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                infra.close();
                Scratch.delete(dataDir);
            }, "ironcore-test-infra-stop"));
        }
        return infra;
    }

    /** A scratch directory of this test JVM, removed at exit. */
    public static synchronized Path dataDir() {
        shared();
        return dataDir;
    }
}
