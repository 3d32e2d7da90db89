package io.ironcore.eventing.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironcore.eventing.EventingConfig;
import io.ironcore.eventing.TestDatabase;
import io.ironcore.eventing.consumer.EventProcessor;
import io.ironcore.events.CloudEvent;
import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.catalog.EventCatalog;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.job.JobCreated;
import io.ironcore.events.job.JobDefinition;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The producer half of the event path without a broker: {@link Outbox#append} writes the golden payload into a real
 * PostgreSQL (plain Hibernate, no Quarkus); the row is read back the way the relay receives it (pgoutput sends each
 * column's text form, so the payload is jsonb's re-serialisation, keys reordered); {@link OutboxRecordMapper} makes
 * the Kafka record, and the consumers' strict decoding must give back the appended payload, id, source, subject and
 * time. (The Debezium engine itself, with Kafka, runs in {@link OutboxRelayHeartbeatTest}.)
 */
class OutboxToRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-26T09:16:01.123456Z");
    private static TestDatabase db;

    @BeforeAll
    static void database() {
        db = new TestDatabase("ironcore_eventing_outbox").freshSchema();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    static Stream<EventCatalog.Entry> entries() {
        return EventCatalog.ENTRIES.stream();
    }

    @ParameterizedTest
    @MethodSource("entries")
    void anAppendedGoldenEventReachesTheConsumerUnchanged(EventCatalog.Entry entry) throws Exception {
        Object payload = EventJson.read(OutboxRecordMapperTest.golden(entry), entry.payload());
        UUID id = append("job-7", "jobs/job-7", payload);

        ProducerRecord<String, byte[]> out = OutboxRecordMapper.map(OutboxRecordMapperTest.insert(row(id)))
                .orElseThrow();
        assertThat(out.topic()).isEqualTo(entry.topic());
        assertThat(out.key()).isEqualTo("job-7");
        assertThat(header(out, CloudEventHeaders.TIME)).isEqualTo("2026-11-26T09:16:01.123456Z");

        CloudEvent back = EventProcessor.decode(OutboxRecordMapperTest.consumed(out));
        assertThat(back.id()).isEqualTo(id.toString());
        assertThat(back.type()).isEqualTo(entry.type());
        assertThat(back.source()).isEqualTo("/ironcore/test-service");
        assertThat(back.subject()).isEqualTo("jobs/job-7");
        assertThat(back.time()).isEqualTo(NOW);
        assertThat(EventJson.readStrict(back.data(), entry.payload())).isEqualTo(payload);
        assertThat(JSON.readTree(back.data())).isEqualTo(JSON.readTree(OutboxRecordMapperTest.golden(entry)));
    }

    @Test
    void anEventIsInTheOutboxOnlyIfItsTransactionCommits() throws Exception {
        Object payload = EventJson.read(OutboxRecordMapperTest.golden(EventCatalog.ENTRIES.get(0)),
                EventCatalog.ENTRIES.get(0).payload());
        EntityManager em = db.entityManager();
        UUID id;
        try {
            em.getTransaction().begin();
            id = outbox(em).append("job-8", null, payload);
            em.getTransaction().rollback();
        } finally {
            em.close();
        }
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM outbox_event WHERE id = CAST(? AS uuid)")) {
            q.setString(1, id.toString());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void aTombstoneIsARowWithoutPayloadAndARecordWithANullValue() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             InputStream in = Outbox.class.getResourceAsStream("/db/eventing/V0_3__outbox_tombstones.sql")) {
            st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        EntityManager em = db.entityManager();
        UUID id;
        try {
            em.getTransaction().begin();
            id = outbox(em).tombstone("job-10", "jobs/job-10", JobDefinition.class);
            em.getTransaction().commit();
        } finally {
            em.close();
        }

        ProducerRecord<String, byte[]> out = OutboxRecordMapper.map(OutboxRecordMapperTest.insert(row(id)))
                .orElseThrow();
        assertThat(out.topic()).isEqualTo(Topics.JOB_DEFINITIONS);
        assertThat(out.key()).isEqualTo("job-10");
        assertThat(out.value()).isNull();
        assertThat(header(out, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.JOB_DEFINITION);
        assertThat(header(out, CloudEventHeaders.ID)).isEqualTo(id.toString());
        assertThat(header(out, CloudEventHeaders.CONTENT_TYPE)).isNull();
    }

    @Test
    void aTombstoneOnAStreamIsRefused() {
        EntityManager em = db.entityManager();
        try {
            em.getTransaction().begin();
            assertThatThrownBy(() -> outbox(em).tombstone("job-11", null, JobCreated.class))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Topics.JOB_EVENTS);
            em.getTransaction().rollback();
        } finally {
            em.close();
        }
    }

    @Test
    void aPayloadThatIsNotAnEventIsRefused() {
        EntityManager em = db.entityManager();
        try {
            em.getTransaction().begin();
            assertThatThrownBy(() -> outbox(em).append("job-9", null, Map.of("not", "an event")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an event payload");
            em.getTransaction().rollback();
        } finally {
            em.close();
        }
    }

    private static UUID append(String aggregate, String subject, Object payload) {
        EntityManager em = db.entityManager();
        try {
            em.getTransaction().begin();
            UUID id = outbox(em).append(aggregate, subject, payload);
            em.getTransaction().commit();
            return id;
        } finally {
            em.close();
        }
    }

    /** The row as pgoutput delivers it: the text form of every column. */
    private static org.apache.kafka.connect.data.Struct row(UUID id) throws Exception {
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement("SELECT CAST(id AS text), seq, "
                + "topic, aggregate_id, type, source, subject, time, CAST(payload AS text) FROM outbox_event "
                + "WHERE id = CAST(? AS uuid)")) {
            q.setString(1, id.toString());
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("the appended row").isTrue();
                return OutboxRecordMapperTest.row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                        rs.getString(9));
            }
        }
    }

    private static Outbox outbox(EntityManager em) {
        Outbox outbox = new Outbox();
        outbox.em = em;
        outbox.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        outbox.config = new EventingConfig() {
            public String source() { return "/ironcore/test-service"; }
            public Relay relay() { return null; }
            public Consumer consumer() { return Optional::empty; }
            public Retry retry() { return null; }
            public Purge purge() { return null; }
        };
        return outbox;
    }

    private static String header(ProducerRecord<String, byte[]> r, String key) {
        Map<String, String> h = new HashMap<>();
        for (Header x : r.headers()) {
            h.put(x.key(), new String(x.value(), StandardCharsets.UTF_8));
        }
        return h.get(key);
    }
}
