package io.ironcore.events.job;

import io.ironcore.events.CloudEvent;
import io.ironcore.events.EventJson;
import io.ironcore.events.EventTypes;
import io.ironcore.events.MalformedEventException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JobDeleted's orphan policy: an additive field of v1; events written before it existed mean keep. */
class JobDeletedOrphansTest {
    /** A JobDeleted as job-service published it before the orphan policy existed. */
    private static final String BEFORE = """
            {"jobId":"0b7c6f7e-3f0a-4c43-9d57-2b0b6d1f4a10","name":"weekly-prod-full","project":"default",
             "deletedAt":"2026-12-01T09:00:00Z"}""";

    @Test
    void anEventWrittenBeforeTheFieldExistedIsReadStrictlyAsKeep() {
        JobDeleted e = EventJson.readStrict(BEFORE.getBytes(StandardCharsets.UTF_8), JobDeleted.class);
        assertThat(e.orphans()).isNull();
        assertThat(e.orphanPolicy()).isEqualTo(JobDeleted.Orphans.KEEP);
        assertThat(e.orphanPolicy().wire()).isEqualTo("keep");
        assertThat(e.pruneOrphans()).isFalse();
        assertThat(JobChange.of(event(BEFORE)).orElseThrow().orphans()).isEqualTo(JobDeleted.Orphans.KEEP);
    }

    @Test
    void pruneIsCarriedThroughTheWireAndTheJobChange() {
        String json = EventJson.writeString(new JobDeleted("j1", "n", "p", Instant.parse("2026-12-01T09:00:00Z"),
                JobDeleted.Orphans.PRUNE));
        assertThat(json).contains("\"orphans\":\"prune\"");
        JobDeleted e = EventJson.readStrict(json.getBytes(StandardCharsets.UTF_8), JobDeleted.class);
        assertThat(e.pruneOrphans()).isTrue();
        JobChange c = JobChange.of(event(json)).orElseThrow();
        assertThat(c.deleted()).isTrue();
        assertThat(c.orphans()).isEqualTo(JobDeleted.Orphans.PRUNE);
        // the four-argument form keeps: the field is left out of the payload
        assertThat(EventJson.writeString(new JobDeleted("j1", "n", "p", Instant.EPOCH))).doesNotContain("orphans");
    }

    @Test
    void anUnknownPolicyIsAMalformedEventNamingTheField() {
        String json = BEFORE.replace("}", ",\"orphans\":\"archive\"}");
        assertThatThrownBy(() -> EventJson.readStrict(json.getBytes(StandardCharsets.UTF_8), JobDeleted.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("field 'orphans' must be keep or prune, not 'archive'");
    }

    @Test
    void aChangeThatIsNoDeletionHasNoPolicy() {
        String json = "{\"jobId\":\"j1\",\"name\":\"n\",\"project\":\"p\",\"version\":3,"
                + "\"disabledAt\":\"2026-12-01T09:00:00Z\"}";
        JobChange c = JobChange.of(new CloudEvent("id", EventTypes.JOB_DISABLED, "/t", "jobs/j1", Instant.EPOCH,
                json.getBytes(StandardCharsets.UTF_8))).orElseThrow();
        assertThat(c.orphans()).isNull();
        assertThat(c.enabled()).isFalse();
    }

    private static CloudEvent event(String json) {
        return new CloudEvent("id", EventTypes.JOB_DELETED, "/t", "jobs/j1", Instant.EPOCH,
                json.getBytes(StandardCharsets.UTF_8));
    }
}
