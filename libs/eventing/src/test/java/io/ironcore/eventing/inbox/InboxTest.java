package io.ironcore.eventing.inbox;

import io.ironcore.eventing.TestDatabase;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventTypes;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox bean on a real PostgreSQL through plain Hibernate (the handler's transaction is begun and ended here,
 * as the consumer's {@code @Transactional} would; {@code TxType.MANDATORY} itself is CDI's and not exercised).
 */
class InboxTest {
    private static TestDatabase db;

    @BeforeAll
    static void database() {
        db = new TestDatabase("ironcore_eventing_inbox");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void fresh() {
        db.freshSchema();
    }

    @Test
    void theFirstDeliveryIsRecordedAndARedeliveryIsADuplicate() throws SQLException {
        CloudEvent e = event();
        assertThat(inTransaction(inbox -> inbox.firstDelivery("notification-service.runs", e), true)).isTrue();
        assertThat(inTransaction(inbox -> inbox.firstDelivery("notification-service.runs", e), true)).isFalse();
        assertThat(rows()).containsExactly("notification-service.runs|" + e.id() + "|" + EventTypes.RUN_FAILED);
    }

    @Test
    void everyConsumerHasItsOwnInbox() throws SQLException {
        CloudEvent e = event();
        assertThat(inTransaction(inbox -> inbox.firstDelivery("notification-service.runs", e), true)).isTrue();
        assertThat(inTransaction(inbox -> inbox.firstDelivery("job-service.runs", e), true)).isTrue();
        assertThat(inTransaction(inbox -> inbox.firstDelivery("job-service.runs", event()), true)).isTrue();
        assertThat(rows()).hasSize(3);
    }

    @Test
    void aRolledBackHandlerForgetsTheEventSoTheRetryHandlesIt() throws SQLException {
        CloudEvent e = event();
        assertThat(inTransaction(inbox -> inbox.firstDelivery("c", e), false)).isTrue();
        assertThat(rows()).isEmpty();
        assertThat(inTransaction(inbox -> inbox.firstDelivery("c", e), true)).isTrue();
        assertThat(rows()).hasSize(1);
    }

    @Test
    void aRedeliveryWhileTheFirstIsInFlightIsADuplicateOnceTheFirstCommits() throws Exception {
        CloudEvent e = event();
        EntityManager first = db.entityManager();
        try {
            first.getTransaction().begin();
            assertThat(inbox(first).firstDelivery("c", e)).isTrue();
            // the second delivery waits on the first one's row, and sees it once that commits
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(
                    () -> inTransaction(inbox -> inbox.firstDelivery("c", e), true));
            first.getTransaction().commit();
            assertThat(second.get(30, TimeUnit.SECONDS)).isFalse();
        } finally {
            first.close();
        }
        assertThat(rows()).hasSize(1);
    }

    private static CloudEvent event() {
        return new CloudEvent(UUID.randomUUID().toString(), EventTypes.RUN_FAILED, "/test", "runs/r-1",
                Instant.parse("2026-11-26T09:16:01Z"), "{}".getBytes());
    }

    private static Inbox inbox(EntityManager em) {
        Inbox inbox = new Inbox();
        inbox.em = em;
        return inbox;
    }

    private static boolean inTransaction(Predicate<Inbox> work, boolean commit) {
        EntityManager em = db.entityManager();
        try {
            em.getTransaction().begin();
            boolean result = work.test(inbox(em));
            if (commit) {
                em.getTransaction().commit();
            } else {
                em.getTransaction().rollback();
            }
            return result;
        } finally {
            em.close();
        }
    }

    private static List<String> rows() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT consumer, event_id, event_type FROM inbox_event ORDER BY received_at, consumer");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        return out;
    }
}
