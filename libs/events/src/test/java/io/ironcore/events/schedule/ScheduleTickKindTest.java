package io.ironcore.events.schedule;

import io.ironcore.events.EventJson;
import io.ironcore.events.MalformedEventException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A tick's kind is {@code job} or {@code sync} on the wire, as before the enum. */
class ScheduleTickKindTest {
    private static final String TICK = "{\"tickId\":\"j1@2026-11-26T02:00:00Z\",\"jobId\":\"j1\",\"kind\":\"%s\","
            + "\"jobName\":\"n\",\"project\":\"p\",\"scheduledFor\":\"2026-11-26T02:00:00Z\","
            + "\"firedAt\":\"2026-11-26T02:00:01Z\",\"catchUp\":false}";

    @Test
    void kindsAreWrittenAndReadAsTheirWireStrings() {
        for (ScheduleTick.Kind kind : ScheduleTick.Kind.values()) {
            String json = String.format(TICK, kind.wire());
            ScheduleTick tick = EventJson.readStrict(json.getBytes(), ScheduleTick.class);
            assertThat(tick.kind()).isSameAs(kind);
            assertThat(EventJson.writeString(tick)).isEqualTo(json);
        }
        assertThat(ScheduleTick.Kind.JOB.wire()).isEqualTo("job");
        assertThat(ScheduleTick.Kind.SYNC.wire()).isEqualTo("sync");
        Instant t = Instant.parse("2026-11-26T02:00:00Z");
        assertThat(EventJson.writeString(new ScheduleTick("x", "j", ScheduleTick.Kind.SYNC, "n", "p", t, t, true)))
                .contains("\"kind\":\"sync\"");
    }

    @Test
    void anUnknownKindIsMalformed() {
        assertThatThrownBy(() -> EventJson.read(String.format(TICK, "prune").getBytes(), ScheduleTick.class))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("prune");
        assertThatThrownBy(() -> EventJson.read(String.format(TICK, "JOB").getBytes(), ScheduleTick.class))
                .isInstanceOf(MalformedEventException.class);
    }
}
