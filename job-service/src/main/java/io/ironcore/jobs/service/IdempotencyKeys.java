package io.ironcore.jobs.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The table of Idempotency-Keys (V9): a key is claimed by inserting its row before the request runs (the primary
 * key makes the second of two concurrent requests lose), completed with the answer to replay, or released when the
 * request failed, so that it may be retried. Rows are purged after the retention.
 */
@ApplicationScoped
public class IdempotencyKeys {
    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);
    /** A claim whose request has not answered within this long is taken to be abandoned (its process died). */
    static final Duration ABANDONED = Duration.ofMinutes(1);

    /** The answer stored for a key. */
    public record Answer(int status, String contentType, String location, String etag, String body) {
    }

    /** What a claim found: the key is ours now, or it answers already, or runs, or was used for another request. */
    public sealed interface Claim {
    }

    public record Claimed() implements Claim {
    }

    public record Replay(Answer answer) implements Claim {
    }

    public record InFlight() implements Claim {
    }

    public record Mismatch() implements Claim {
    }

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @ConfigProperty(name = "ironcore.api.idempotency-retention", defaultValue = "24H")
    Duration retention;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Claim claim(String caller, String key, String requestHash, String method, String path) {
        Instant now = clock.instant();
        for (int attempt = 0; attempt < 3; attempt++) {
            int inserted = em.createNativeQuery("INSERT INTO idempotency_key (caller, idempotency_key, request_hash, "
                            + "method, path, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")
                    .setParameter(1, caller).setParameter(2, key).setParameter(3, requestHash)
                    .setParameter(4, method).setParameter(5, path).setParameter(6, utc(now))
                    .executeUpdate();
            if (inserted == 1) {
                return new Claimed();
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT request_hash, status, content_type, location, etag, "
                            + "body, created_at FROM idempotency_key WHERE caller = ?1 AND idempotency_key = ?2 "
                            + "FOR UPDATE")
                    .setParameter(1, caller).setParameter(2, key).getResultList();
            if (rows.isEmpty()) {
                continue; // released or purged in between: claim again
            }
            Object[] row = rows.get(0);
            Instant created = instant(row[6]);
            if (created.isBefore(now.minus(retention))) {
                delete(caller, key); // expired, not purged yet: a key of its own
                continue;
            }
            if (!requestHash.equals(row[0])) {
                return new Mismatch();
            }
            if (row[1] == null) {
                if (created.isBefore(now.minus(ABANDONED))) {
                    em.createNativeQuery("UPDATE idempotency_key SET created_at = ?3 WHERE caller = ?1 "
                                    + "AND idempotency_key = ?2")
                            .setParameter(1, caller).setParameter(2, key).setParameter(3, utc(now)).executeUpdate();
                    LOG.warnf("Idempotency-Key of %s abandoned since %s: taken over", caller, created);
                    return new Claimed();
                }
                return new InFlight();
            }
            return new Replay(new Answer(((Number) row[1]).intValue(), (String) row[2], (String) row[3],
                    (String) row[4], (String) row[5]));
        }
        return new InFlight();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void complete(String caller, String key, Answer answer) {
        em.createNativeQuery("UPDATE idempotency_key SET status = ?3, content_type = ?4, location = ?5, etag = ?6, "
                        + "body = ?7 WHERE caller = ?1 AND idempotency_key = ?2")
                .setParameter(1, caller).setParameter(2, key).setParameter(3, answer.status())
                .setParameter(4, answer.contentType()).setParameter(5, answer.location())
                .setParameter(6, answer.etag()).setParameter(7, answer.body()).executeUpdate();
    }

    /** The request failed: the key is free again, so that the client may retry it. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String caller, String key) {
        em.createNativeQuery("DELETE FROM idempotency_key WHERE caller = ?1 AND idempotency_key = ?2 "
                        + "AND status IS NULL")
                .setParameter(1, caller).setParameter(2, key).executeUpdate();
    }

    @Scheduled(every = "${ironcore.api.idempotency-purge-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        purge();
    }

    /** Removes the keys older than the retention; returns how many. */
    @Transactional
    public int purge() {
        int removed = em.createNativeQuery("DELETE FROM idempotency_key WHERE created_at < ?1")
                .setParameter(1, utc(clock.instant().minus(retention))).executeUpdate();
        if (removed > 0) {
            LOG.debugf("purged %d Idempotency-Keys older than %s", removed, retention);
        }
        return removed;
    }

    private void delete(String caller, String key) {
        em.createNativeQuery("DELETE FROM idempotency_key WHERE caller = ?1 AND idempotency_key = ?2")
                .setParameter(1, caller).setParameter(2, key).executeUpdate();
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + v.getClass());
    }
}
