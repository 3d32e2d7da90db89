package io.ironcore.worker.service;

import io.ironcore.datastore.DatastoreUsage;
import io.ironcore.events.run.DatastoreRef;
import io.ironcore.worker.config.WorkerConfig;
import io.ironcore.worker.config.WorkerIdentity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Measures a datastore ({@link DatastoreUsage}) in the background after this worker finished a run on it, at most
 * every {@code ironcore.worker.datastore-usage-interval} per datastore, and stores the numbers in
 * {@code datastore_usage} (the newest measurement of any worker wins), where the datastore gauges read them.
 */
@ApplicationScoped
public class DatastoreUsageRefresh {
    private static final Logger LOG = Logger.getLogger(DatastoreUsageRefresh.class);

    @Inject
    DataSource dataSource;
    @Inject
    WorkerConfig config;
    @Inject
    WorkerIdentity identity;

    /** Datastores to measure (name to path). */
    private final Map<String, String> pending = new ConcurrentHashMap<>();
    /** When each datastore was last measured here ({@link System#nanoTime()}). */
    private final Map<String, Long> measuredAt = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "datastore-usage");
            t.setDaemon(true);
            return t;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** A run on this datastore ended here: measure it soon. */
    public void runFinished(DatastoreRef datastore) {
        if (datastore == null || datastore.name() == null || datastore.path() == null || executor == null) {
            return;
        }
        pending.put(datastore.name(), datastore.path());
        try {
            executor.execute(this::drain);
        } catch (RuntimeException e) {
            LOG.debugf("datastore usage not measured (stopping): %s", e);
        }
    }

    /** Measures every pending datastore whose interval has passed; the others come back when it has. */
    private void drain() {
        long interval = config.datastoreUsageInterval().toNanos();
        for (String name : pending.keySet()) {
            Long last = measuredAt.get(name);
            long wait = last == null ? 0 : last + interval - System.nanoTime();
            if (wait > 0) {
                executor.schedule(this::drain, wait, TimeUnit.NANOSECONDS);
                continue;
            }
            String path = pending.remove(name);
            if (path == null) {
                continue;
            }
            measuredAt.put(name, System.nanoTime());
            measure(name, path);
        }
    }

    private void measure(String name, String path) {
        long t0 = System.nanoTime();
        if (!DatastoreUsage.isDatastore(Path.of(path))) {
            LOG.debugf("datastore %s (%s) not measured: nothing written there yet", name, path);
            return;
        }
        try {
            DatastoreUsage u = DatastoreUsage.measure(Path.of(path));
            store(name, path, u);
            LOG.debugf("datastore %s: %d bytes used, %d free, dedup %.2f (%s)", name, u.usedBytes(), u.freeBytes(),
                    u.dedupRatio(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (Exception e) {
            LOG.warnf("datastore %s (%s) not measured: %s", name, path, e.toString());
        }
    }

    private void store(String name, String path, DatastoreUsage u) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement up = c.prepareStatement(
                "INSERT INTO datastore_usage (datastore, path, used_bytes, free_bytes, logical_bytes, chunk_bytes, "
                        + "chunks, snapshots, measured_at, measured_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), ?) "
                        + "ON CONFLICT (datastore) DO UPDATE SET path = EXCLUDED.path, used_bytes = "
                        + "EXCLUDED.used_bytes, free_bytes = EXCLUDED.free_bytes, logical_bytes = "
                        + "EXCLUDED.logical_bytes, chunk_bytes = EXCLUDED.chunk_bytes, chunks = EXCLUDED.chunks, "
                        + "snapshots = EXCLUDED.snapshots, measured_at = EXCLUDED.measured_at, measured_by = "
                        + "EXCLUDED.measured_by")) {
            up.setString(1, name);
            up.setString(2, path);
            up.setLong(3, u.usedBytes());
            up.setLong(4, u.freeBytes());
            up.setLong(5, u.logicalBytes());
            up.setLong(6, u.chunkBytes());
            up.setLong(7, u.chunks());
            up.setLong(8, u.snapshots());
            up.setString(9, identity.id());
            up.executeUpdate();
        }
    }
}
