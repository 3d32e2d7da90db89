package io.ironcore.events.run;

import io.ironcore.events.EventJson;
import io.ironcore.events.MalformedEventException;
import io.ironcore.events.run.RunMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run action on the wire: an absent action reads as backup and is written again absent; a present one stays. */
class RunActionTest {
    private static final String REQUESTED = "{\"runId\":\"r1\",\"jobId\":\"j1\",\"jobName\":\"n\",\"trigger\":\"manual\","
            + "\"requestedAt\":\"2026-11-26T09:16:00Z\",\"mode\":\"incremental\","
            + "\"datastore\":{\"name\":\"ds\",\"path\":\"/ds\"},\"namespace\":\"\",\"sources\":[]%s}";
    private static final String COMPLETED = "{\"runId\":\"r1\",\"jobId\":\"j1\",\"completedAt\":\"2026-11-26T09:16:00Z\","
            + "\"stats\":{\"bytesRead\":0,\"bytesChanged\":0,\"bytesWritten\":0,\"chunks\":0,\"chunksWritten\":0,"
            + "\"chunksReused\":0,\"chunksZero\":0},\"snapshots\":[]%s}";

    @ParameterizedTest
    @EnumSource(RunAction.class)
    void wireStringsAreTodaysAndRoundTrip(RunAction action) {
        assertThat(EventJson.writeString(action)).isEqualTo("\"" + action.wire() + "\"");
        assertThat(RunAction.fromWire(action.wire())).isSameAs(action);
        assertThat(List.of(RunAction.BACKUP.wire(), RunAction.VERIFY.wire(), RunAction.GC.wire()))
                .containsExactly("backup", "verify", "gc");
    }

    @Test
    void anAbsentActionIsBackupAndIsWrittenAgainAbsent() {
        String json = String.format(COMPLETED, "");
        RunCompleted c = EventJson.readStrict(json.getBytes(), RunCompleted.class);
        assertThat(c.action()).isEqualTo(RunAction.BACKUP);
        assertThat(c.backup()).isTrue();
        assertThat(c.actionOnWire()).isNull();
        assertThat(EventJson.writeString(c)).isEqualTo(json);
    }

    @Test
    void aPresentBackupIsWrittenAgainPresent() {
        String json = String.format(COMPLETED, ",\"action\":\"backup\"");
        RunCompleted c = EventJson.readStrict(json.getBytes(), RunCompleted.class);
        assertThat(c.action()).isEqualTo(RunAction.BACKUP);
        assertThat(EventJson.writeString(c)).isEqualTo(json);
    }

    @Test
    void aGcRunIsNoBackup() {
        RunCompleted c = EventJson.readStrict(String.format(COMPLETED, ",\"action\":\"gc\"").getBytes(),
                RunCompleted.class);
        assertThat(c.action()).isEqualTo(RunAction.GC);
        assertThat(c.backup()).isFalse();
    }

    @Test
    void aRequestWithoutSourcesIsMalformedOnlyForABackup() {
        assertThatThrownBy(() -> EventJson.readStrict(String.format(REQUESTED, "").getBytes(), RunRequested.class))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("sources must not be empty");
        assertThatThrownBy(() -> EventJson.readStrict(String.format(REQUESTED, ",\"action\":\"backup\"").getBytes(),
                RunRequested.class)).isInstanceOf(MalformedEventException.class);
        String verify = String.format(REQUESTED, ",\"action\":\"verify\"");
        RunRequested r = EventJson.readStrict(verify.getBytes(), RunRequested.class);
        assertThat(r.action()).isEqualTo(RunAction.VERIFY);
        assertThat(r.verify()).isTrue();
        assertThat(EventJson.writeString(r)).isEqualTo(verify);
    }

    @Test
    void anUnknownActionIsMalformed() {
        assertThatThrownBy(() -> EventJson.read(String.format(COMPLETED, ",\"action\":\"defrag\"").getBytes(),
                RunCompleted.class)).isInstanceOf(MalformedEventException.class).hasMessageContaining("defrag");
        assertThatThrownBy(() -> RunAction.fromWire("Backup")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStringConstructorsKeepAbsentAbsent() {
        Instant t = Instant.parse("2026-11-26T09:16:00Z");
        RunRequested absent = new RunRequested("r", "j", "n", "p", RunRequested.Trigger.MANUAL, null, t, RunMode.FULL,
                new DatastoreRef("ds", "/ds"), "", List.of(), (String) null);
        assertThat(absent.action()).isEqualTo(RunAction.BACKUP);
        assertThat(EventJson.writeString(absent)).doesNotContain("action");
        RunRequested gc = new RunRequested("r", "j", "n", "p", RunRequested.Trigger.MANUAL, null, t, RunMode.FULL,
                new DatastoreRef("ds", "/ds"), "", List.of(), "gc");
        assertThat(gc.action()).isEqualTo(RunAction.GC);
        assertThat(EventJson.writeString(gc)).endsWith(",\"action\":\"gc\"}");
        assertThat(RunAction.orBackup((String) null)).isEqualTo(RunAction.BACKUP);
        assertThat(RunAction.orBackup("verify")).isEqualTo(RunAction.VERIFY);
    }
}
