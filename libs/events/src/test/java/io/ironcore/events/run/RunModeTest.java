package io.ironcore.events.run;

import io.ironcore.events.EventJson;
import io.ironcore.events.MalformedEventException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RunMode and RunRequested.Trigger: the wire strings of the contract, and nothing else. */
class RunModeTest {

    @Test
    void theWireStringsAreTheContractsAndComeBack() {
        RunRequested r = new RunRequested("r", "j", "n", "p", RunRequested.Trigger.SCHEDULE, "j@t", Instant.EPOCH,
                RunMode.FULL, new DatastoreRef("ds", "/ds"), "", List.of(new RunSource("1", "vm", List.of())));
        String json = EventJson.writeString(r);
        assertThat(json).contains("\"mode\":\"full\"").contains("\"trigger\":\"schedule\"");
        RunRequested back = EventJson.readStrict(json.getBytes(StandardCharsets.UTF_8), RunRequested.class);
        assertThat(back.mode()).isEqualTo(RunMode.FULL);
        assertThat(back.trigger()).isEqualTo(RunRequested.Trigger.SCHEDULE);
        assertThat(RunMode.fromWire("incremental")).isEqualTo(RunMode.INCREMENTAL);
        assertThat(RunRequested.Trigger.fromWire("manual")).isEqualTo(RunRequested.Trigger.MANUAL);
    }

    @Test
    void anotherModeOrTriggerIsAMalformedEvent() {
        String json = EventJson.writeString(new RunRequested("r", "j", "n", "p", RunRequested.Trigger.MANUAL, null,
                Instant.EPOCH, RunMode.INCREMENTAL, new DatastoreRef("ds", "/ds"), "",
                List.of(new RunSource("1", "vm", List.of()))));
        byte[] snapshot = json.replace("\"incremental\"", "\"snapshot\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventJson.readStrict(snapshot, RunRequested.class))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("mode must be incremental or full");
        byte[] cron = json.replace("\"manual\"", "\"cron\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventJson.readStrict(cron, RunRequested.class))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("trigger must be manual or schedule");
        // a missing mode is refused as before, by name
        byte[] none = json.replace("\"mode\":\"incremental\",", "").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventJson.readStrict(none, RunRequested.class))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("missing required field 'mode'");
    }
}
