package io.ironcore.eventing.outbox;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What the relay has published, by outbox {@code seq} (table {@code outbox_relay_progress}): the highest seq
 * published, and the gaps below it. A seq is taken at insert time but its row becomes visible (and is published) at
 * commit, so rows commit out of seq order: when a row is published, the lower seqs not published yet are a gap,
 * and a row in a gap that commits later is unsent until it is published. A gap whose seqs never come (a rolled back
 * transaction) is forgotten after {@link #GAP_LIFETIME}, longer than any transaction that appends to the outbox.
 *
 * <p>So a row is unsent iff its seq is above {@link #publishedSeq()} or in a gap; the outbox purge deletes only
 * published rows, and never touches this record.
 */
public final class RelayProgress {
    private static final Logger LOG = Logger.getLogger(RelayProgress.class);
    public static final Duration GAP_LIFETIME = Duration.ofHours(1);
    /** The most gaps kept; beyond, the oldest go (a row in one of them would no longer count as unsent). */
    static final int MAX_GAPS = 1000;

    /** Seqs {@code from..to} (inclusive) not published yet, since {@code opened}. */
    public record Gap(long from, long to, Instant opened) {
    }

    private long publishedSeq = -1;
    private final TreeMap<Long, Gap> gaps = new TreeMap<>();
    private String url;
    private String user;
    private String password;
    private Connection db;
    private boolean failing;

    /** The relay leads from now on: the stored record is this one's start (a failure leaves it empty). */
    synchronized void lead(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        try {
            load(connection());
            failing = false;
        } catch (SQLException e) {
            publishedSeq = -1;
            gaps.clear();
            closeConnection();
            LOG.warnf("cannot read the outbox relay's progress: %s", e.toString());
        }
    }

    /**
     * After Kafka acknowledged a batch: notes its seqs and stores the record. A failure to store is logged (once
     * until it works again) and leaves the record to the next batch; publication goes on.
     */
    synchronized void recordBatch(Collection<Long> seqs, Instant now) {
        if (!published(seqs, now) || url == null) {
            return;
        }
        try {
            save(connection());
            failing = false;
        } catch (SQLException e) {
            closeConnection();
            if (!failing) {
                LOG.warnf("cannot record the outbox relay's progress (ironcore_outbox_oldest_unsent_age_seconds "
                        + "reads too high until it can): %s", e.toString());
                failing = true;
            }
        }
    }

    synchronized void close() {
        closeConnection();
    }

    private Connection connection() throws SQLException {
        if (db == null || db.isClosed()) {
            db = DriverManager.getConnection(url, user, password);
            db.setAutoCommit(true);
        }
        return db;
    }

    private void closeConnection() {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // reconnects on the next batch
            }
            db = null;
        }
    }

    /** The highest seq published, or -1 when nothing is recorded. */
    public synchronized long publishedSeq() {
        return publishedSeq;
    }

    public synchronized List<Gap> gaps() {
        return List.copyOf(gaps.values());
    }

    /**
     * Takes note of a batch Kafka has acknowledged. Nothing recorded yet: the seqs below the batch's lowest count as
     * published (the rows a relay without this record published).
     *
     * @return whether anything changed
     */
    public synchronized boolean published(Collection<Long> seqs, Instant now) {
        boolean changed = false;
        for (long q : seqs) {
            if (publishedSeq < 0) {
                publishedSeq = seqs.stream().mapToLong(Long::longValue).min().getAsLong() - 1;
            }
            if (q > publishedSeq) {
                if (q > publishedSeq + 1) {
                    gaps.put(publishedSeq + 1, new Gap(publishedSeq + 1, q - 1, now));
                }
                publishedSeq = q;
                changed = true;
            } else {
                changed |= fill(q);
            }
        }
        Instant expired = now.minus(GAP_LIFETIME);
        changed |= gaps.values().removeIf(g -> g.opened().isBefore(expired));
        while (gaps.size() > MAX_GAPS) {
            Gap oldest = gaps.values().stream().min(Comparator.comparing(Gap::opened)).orElseThrow();
            gaps.remove(oldest.from());
            changed = true;
        }
        return changed;
    }

    private boolean fill(long q) {
        Map.Entry<Long, Gap> e = gaps.floorEntry(q);
        if (e == null || e.getValue().to() < q) {
            return false;
        }
        Gap g = gaps.remove(e.getKey());
        if (g.from() < q) {
            gaps.put(g.from(), new Gap(g.from(), q - 1, g.opened()));
        }
        if (q < g.to()) {
            gaps.put(q + 1, new Gap(q + 1, g.to(), g.opened()));
        }
        return true;
    }

    /** Loads the stored record (none: nothing recorded). */
    public synchronized void load(Connection c) throws SQLException {
        publishedSeq = -1;
        gaps.clear();
        try (PreparedStatement q = c.prepareStatement("SELECT published_seq, gap_from, gap_to, gap_opened "
                + "FROM outbox_relay_progress WHERE id = 1"); ResultSet rs = q.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            publishedSeq = rs.getLong(1);
            Long[] from = (Long[]) rs.getArray(2).getArray();
            Long[] to = (Long[]) rs.getArray(3).getArray();
            Timestamp[] opened = (Timestamp[]) rs.getArray(4).getArray();
            for (int i = 0; i < from.length; i++) {
                gaps.put(from[i], new Gap(from[i], to[i], opened[i].toInstant()));
            }
        }
    }

    /** Stores the record (one statement; the connection's autocommit applies). */
    public synchronized void save(Connection c) throws SQLException {
        List<Gap> all = new ArrayList<>(gaps.values());
        Long[] from = all.stream().map(Gap::from).toArray(Long[]::new);
        Long[] to = all.stream().map(Gap::to).toArray(Long[]::new);
        Timestamp[] opened = all.stream().map(g -> Timestamp.from(g.opened())).toArray(Timestamp[]::new);
        try (PreparedStatement up = c.prepareStatement("INSERT INTO outbox_relay_progress (id, published_seq, "
                + "gap_from, gap_to, gap_opened, updated_at) VALUES (1, ?, ?, ?, ?, now()) ON CONFLICT (id) DO UPDATE "
                + "SET published_seq = EXCLUDED.published_seq, gap_from = EXCLUDED.gap_from, gap_to = "
                + "EXCLUDED.gap_to, gap_opened = EXCLUDED.gap_opened, updated_at = now()")) {
            Array a = c.createArrayOf("bigint", from);
            Array b = c.createArrayOf("bigint", to);
            Array t = c.createArrayOf("timestamptz", opened);
            up.setLong(1, publishedSeq);
            up.setArray(2, a);
            up.setArray(3, b);
            up.setArray(4, t);
            up.executeUpdate();
        }
    }

    /** The outbox seq of a change event that carries an event (an insert or a snapshot read), if it is one. */
    public static OptionalLong seqOf(SourceRecord change) {
        if (!(change.value() instanceof Struct envelope) || envelope.schema().field("op") == null) {
            return OptionalLong.empty();
        }
        String op = envelope.getString("op");
        if (!"c".equals(op) && !"r".equals(op)) {
            return OptionalLong.empty();
        }
        Struct row = envelope.getStruct("after");
        if (row == null || row.schema().field("seq") == null) {
            return OptionalLong.empty();
        }
        Object seq = row.get("seq");
        return seq instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
    }
}
