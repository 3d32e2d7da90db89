package io.ironcore.eventing.purge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;

/**
 * Deletes what the outbox and the inbox no longer need, in batches of short statements (autocommit).
 *
 * <p>An outbox row is certainly published when the relay's replication slot has confirmed a WAL position read
 * after the row's transaction committed. Each run reads the server's time and WAL insert position (a mark, kept
 * only while the slot exists). The newest mark strictly below the slot's {@code confirmed_flush_lsn} bounds what is
 * published: rows written more than {@link #COMMIT_MARGIN} before that mark (no transaction of a service runs that
 * long; Quarkus' default timeout is 60 s) committed before it. Such rows go once they are also older than the
 * retention. Marks are kept in memory: after a restart nothing is purged from the outbox until a new mark is
 * confirmed, which errs on the side of keeping. Without the slot (the relay never ran) nothing is purged from the
 * outbox.
 *
 * <p>An inbox id goes when it was received longer ago than the inbox retention.
 */
public final class EventStorePurge {
    /** Longer than any transaction that appends to the outbox, clock skew between service and database included. */
    public static final Duration COMMIT_MARGIN = Duration.ofHours(1);
    private static final int MAX_MARKS = 10_000;

    public record Mark(Instant takenAt, String lsn) {
    }

    public record Result(long outboxDeleted, long inboxDeleted, Optional<Instant> outboxCutoff) {
    }

    private final Deque<Mark> marks = new ArrayDeque<>();

    /** One purge: takes a mark, then deletes what the marks and retentions allow. */
    public synchronized Result run(Connection c, String slotName, Duration outboxRetention, Duration inboxRetention,
                                   int batchSize) throws SQLException {
        c.setAutoCommit(true);
        Mark now = mark(c, slotName);
        Optional<Instant> cutoff = outboxCutoff(c, slotName, now.takenAt().minus(outboxRetention));
        long outbox = cutoff.isEmpty() ? 0 : deleteInBatches(c, "DELETE FROM outbox_event WHERE seq IN (SELECT seq "
                + "FROM outbox_event WHERE time < ? ORDER BY seq LIMIT ?)", cutoff.get(), batchSize);
        long inbox = deleteInBatches(c, "DELETE FROM inbox_event WHERE ctid = ANY (ARRAY(SELECT ctid FROM "
                + "inbox_event WHERE received_at < ? LIMIT ?))", now.takenAt().minus(inboxRetention), batchSize);
        return new Result(outbox, inbox, cutoff);
    }

    /**
     * Reads the server's time and current WAL position, and keeps them as a mark if the slot exists: a slot created
     * later starts past the mark without having published what came before it (the relay's snapshot does that).
     */
    synchronized Mark mark(Connection c, String slotName) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT now(), pg_current_wal_insert_lsn()::text");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            Mark m = new Mark(rs.getTimestamp(1).toInstant(), rs.getString(2));
            if (confirmedFlush(c, slotName).isEmpty()) {
                marks.clear();
                return m;
            }
            marks.addLast(m);
            while (marks.size() > MAX_MARKS) {
                marks.removeFirst();
            }
            return m;
        }
    }

    /** The time before which outbox rows are published and old enough, or empty when none is known to be. */
    synchronized Optional<Instant> outboxCutoff(Connection c, String slotName, Instant retentionCutoff)
            throws SQLException {
        Optional<String> confirmed = confirmedFlush(c, slotName);
        if (confirmed.isEmpty()) {
            return Optional.empty();
        }
        Mark newest = null;
        for (Iterator<Mark> it = marks.descendingIterator(); it.hasNext(); ) {
            Mark m = it.next();
            if (lsnBelow(c, m.lsn(), confirmed.get())) {
                newest = m;
                break;
            }
        }
        if (newest == null) {
            return Optional.empty();
        }
        // marks older than the confirmed one are no longer needed
        while (!marks.isEmpty() && marks.peekFirst() != newest) {
            marks.removeFirst();
        }
        Instant published = newest.takenAt().minus(COMMIT_MARGIN);
        return Optional.of(published.isBefore(retentionCutoff) ? published : retentionCutoff);
    }

    private static Optional<String> confirmedFlush(Connection c, String slotName) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT confirmed_flush_lsn::text FROM pg_replication_slots "
                + "WHERE slot_name = ? AND database = current_database()")) {
            q.setString(1, slotName);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Strictly below: a new slot's {@code confirmed_flush_lsn} is where it starts, before the relay confirmed
     * anything, so a mark at exactly that position is not yet published.
     */
    private static boolean lsnBelow(Connection c, String lsn, String confirmed) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT CAST(? AS pg_lsn) < CAST(? AS pg_lsn)")) {
            q.setString(1, lsn);
            q.setString(2, confirmed);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Runs a {@code DELETE} of at most a batch of rows older than {@code before} (its parameters: the time, then the
     * batch size) until a batch comes back short, each batch its own statement, so no purge holds a long lock. Returns
     * how many rows went. The purges of the run history and of the ticks use it too.
     */
    public static long deleteInBatches(Connection c, String sql, Instant before, int batchSize) throws SQLException {
        long total = 0;
        try (PreparedStatement d = c.prepareStatement(sql)) {
            d.setTimestamp(1, Timestamp.from(before));
            d.setInt(2, batchSize);
            int n;
            do {
                n = d.executeUpdate();
                total += n;
            } while (n >= batchSize);
        }
        return total;
    }
}
