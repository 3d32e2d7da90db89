package io.ironcore.eventing.rebuild;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds a projection from the log, in one transaction:
 * <ol>
 *   <li>locks the projection's tables against writes ({@code EXCLUSIVE}: the live handler may read, but waits to
 *       write until the rebuild ends) and reads their rows;</li>
 *   <li>takes the topics' end offsets <em>after</em> the lock, so every event the live handler committed is below
 *       them;</li>
 *   <li>reads the topics from offset 0 to those offsets ({@link LogReplay}); forgets the live consumer's inbox rows
 *       of exactly those events; keeps the service's own columns of each row aside ({@link Projection.Table#ownColumns},
 *       in a temporary table) and empties the tables; hands every event to the live handler, which records it
 *       in the inbox again (a duplicate in the log is skipped, as live) and folds it;</li>
 *   <li>puts the own columns back on the rebuilt rows of the same key; reads the rebuilt rows and compares them with the live ones, row for row, by key;</li>
 *   <li>commits ({@code replace}) or rolls back (compare only, nothing changes).</li>
 * </ol>
 * After a replace, an event the live consumer had not reached yet but that the rebuild replayed finds its inbox row
 * and is skipped; a later one is folded as usual. The live consumer's Kafka offsets are never touched. The other
 * tables (totals, history, the metrics' sources) are not written, so their series do not change.
 */
@ApplicationScoped
public class Rebuilds {
    private static final Logger LOG = Logger.getLogger(Rebuilds.class);
    private static final int BATCH = 500;

    @Inject
    EntityManager em;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "ironcore.rebuild.timeout", defaultValue = "PT5M")
    Duration timeout;
    @ConfigProperty(name = "ironcore.rebuild.lock-timeout", defaultValue = "PT10S")
    Duration lockTimeout;

    /** Compares the projection rebuilt from the log with the live one and, with {@code replace}, replaces it. */
    public RebuildResult rebuild(Projection projection, boolean replace) {
        LogReplay log = new LogReplay(bootstrapServers, timeout);
        try {
            return QuarkusTransaction.requiringNew().timeout((int) timeout.toSeconds() + 60).call(() -> {
                RebuildResult result = inTransaction(projection, replace, log);
                if (!replace) {
                    throw new Compared(result);
                }
                return result;
            });
        } catch (Compared c) {
            return c.result;
        }
    }

    private RebuildResult inTransaction(Projection p, boolean replace, LogReplay log) {
        em.createNativeQuery("SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'").executeUpdate();
        for (Projection.Table t : p.tables()) {
            em.createNativeQuery("LOCK TABLE " + t.name() + " IN EXCLUSIVE MODE").executeUpdate();
        }
        Map<String, Map<String, Map<String, String>>> live = rows(p.tables());
        Map<TopicPartition, Long> ends = log.endOffsets(p.topics());
        LogReplay.Read all = log.read(ends);
        LogReplay.Read read = new LogReplay.Read(all.events().stream().filter(e -> p.replays().test(e.event()))
                .toList(), all.malformed());
        long lag = log.lag(p.group(), ends);

        Set<String> ids = new LinkedHashSet<>();
        read.events().forEach(e -> ids.add(e.event().id()));
        forget(p.inbox(), new ArrayList<>(ids));
        for (Projection.Table t : p.tables()) {
            if (!t.ownColumns().isEmpty()) {
                em.createNativeQuery("CREATE TEMPORARY TABLE " + kept(t) + " ON COMMIT DROP AS SELECT " + t.key()
                        + ", " + String.join(", ", t.ownColumns()) + " FROM " + t.name()).executeUpdate();
            }
            em.createNativeQuery("DELETE FROM " + t.name()).executeUpdate();
        }
        em.flush();
        em.clear();
        int n = 0;
        for (LogReplay.Replayed r : read.events()) {
            try {
                p.handler().handle(r.event(), r.partition());
            } catch (RuntimeException e) {
                throw new IllegalStateException("event " + r.event().id() + " (" + r.event().type() + ", "
                        + r.topic() + "-" + r.partition() + "@" + r.offset() + ") failed: " + e.getMessage(), e);
            }
            if (++n % BATCH == 0) {
                em.flush();
                em.clear();
            }
        }
        em.flush();
        em.clear();
        for (Projection.Table t : p.tables()) {
            if (!t.ownColumns().isEmpty()) {
                em.createNativeQuery("UPDATE " + t.name() + " SET " + String.join(", ", t.ownColumns().stream()
                        .map(c -> c + " = k." + c).toList()) + " FROM " + kept(t) + " k WHERE " + t.name() + "."
                        + t.key() + " = k." + t.key()).executeUpdate();
                em.createNativeQuery("DROP TABLE " + kept(t)).executeUpdate();
            }
        }
        Map<String, Map<String, Map<String, String>>> rebuilt = rows(p.tables());
        RebuildResult result = compare(p, replace, read, lag, live, rebuilt);
        LOG.infof("%s: rebuilt %s from %d events (%d malformed left out), %d rows differ, live lag %d; %s",
                p.service(), result.rebuiltRows(), result.events(), result.malformed(), result.differencesFound(),
                lag, replace ? "replaced" : "compared only");
        return result;
    }

    private void forget(String consumer, List<String> ids) {
        for (int i = 0; i < ids.size(); i += 1000) {
            em.createNativeQuery("DELETE FROM inbox_event WHERE consumer = :consumer AND event_id IN (:ids)")
                    .setParameter("consumer", consumer)
                    .setParameter("ids", ids.subList(i, Math.min(ids.size(), i + 1000)))
                    .executeUpdate();
        }
    }

    private static RebuildResult compare(Projection p, boolean replace, LogReplay.Read read, long lag,
                                         Map<String, Map<String, Map<String, String>>> live,
                                         Map<String, Map<String, Map<String, String>>> rebuilt) {
        List<RebuildResult.Difference> shown = new ArrayList<>();
        int found = 0;
        Map<String, Integer> liveRows = new LinkedHashMap<>();
        Map<String, Integer> rebuiltRows = new LinkedHashMap<>();
        for (Projection.Table t : p.tables()) {
            Map<String, Map<String, String>> before = live.get(t.name());
            Map<String, Map<String, String>> after = rebuilt.get(t.name());
            liveRows.put(t.name(), before.size());
            rebuiltRows.put(t.name(), after.size());
            Set<String> keys = new LinkedHashSet<>(before.keySet());
            keys.addAll(after.keySet());
            for (String key : keys) {
                Map<String, String> b = before.get(key);
                Map<String, String> a = after.get(key);
                if (b == null || a == null || !compared(b, t).equals(compared(a, t))) {
                    found++;
                    if (shown.size() < RebuildResult.SHOWN) {
                        shown.add(new RebuildResult.Difference(t.name(), key, b, a));
                    }
                }
            }
        }
        return new RebuildResult(p.service(), replace, read.events().size(), read.malformed(), liveRows, rebuiltRows,
                lag, found, shown);
    }

    private static String kept(Projection.Table t) {
        return "rebuild_own_" + t.name();
    }

    /** The row without the service's own columns. */
    private static Map<String, String> compared(Map<String, String> row, Projection.Table t) {
        Map<String, String> c = new LinkedHashMap<>(row);
        t.ownColumns().forEach(c::remove);
        return c;
    }

    /** Each table's rows by key, each row its columns' text (as PostgreSQL prints them), in key order. */
    private Map<String, Map<String, Map<String, String>>> rows(List<Projection.Table> tables) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            Map<String, Map<String, Map<String, String>>> all = new LinkedHashMap<>();
            for (Projection.Table t : tables) {
                Map<String, Map<String, String>> rows = new LinkedHashMap<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT * FROM " + t.name() + " ORDER BY " + t.key())) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            row.put(md.getColumnName(i), rs.getString(i));
                        }
                        rows.put(rs.getString(t.key()), row);
                    }
                }
                all.put(t.name(), rows);
            }
            return all;
        });
    }

    /**
     * Whether the rebuild failed for a live writer: its tables' lock not granted in time (55P03), or a deadlock with
     * a live handler inserting the same inbox row (40P01). Running it again may succeed.
     */
    public static boolean conflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && ("55P03".equals(s.getSQLState()) || "40P01".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** Ends a compare-only rebuild's transaction with a rollback, carrying what it found. */
    private static final class Compared extends RuntimeException {
        private final transient RebuildResult result;

        Compared(RebuildResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }
}
