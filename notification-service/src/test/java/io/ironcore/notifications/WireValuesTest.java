package io.ironcore.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The enums of this service keep the strings they replaced, in the database and in JSON. */
class WireValuesTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theWireStringsAreTheOnesTheColumnsAlwaysHeld() {
        assertThat(wires(NotificationMode.values())).containsExactly("always", "errors", "never");
        assertThat(wires(Notification.Channel.values())).containsExactly("webhook", "email", "influxdb", "graphite");
        assertThat(wires(Notification.Outcome.values())).containsExactly("delivered", "refused", "failed");
    }

    @Test
    void aColumnWritesAndReadsTheWireString() {
        Notification.Outcome.Column outcome = new Notification.Outcome.Column();
        assertThat(outcome.convertToDatabaseColumn(Notification.Outcome.REFUSED)).isEqualTo("refused");
        assertThat(outcome.convertToEntityAttribute("delivered")).isEqualTo(Notification.Outcome.DELIVERED);
        assertThat(outcome.convertToEntityAttribute(null)).isNull();
        assertThatThrownBy(() -> outcome.convertToEntityAttribute("DELIVERED"))
                .isInstanceOf(IllegalArgumentException.class);

        Notification.Channel.Column channel = new Notification.Channel.Column();
        assertThat(channel.convertToDatabaseColumn(Notification.Channel.EMAIL)).isEqualTo("email");
        assertThat(channel.convertToEntityAttribute("webhook")).isEqualTo(Notification.Channel.WEBHOOK);
    }

    @Test
    void aModeTheApiDoesNotAcceptReadsAsAlwaysLikeAMissingOne() {
        NotificationMode.Column mode = new NotificationMode.Column();
        assertThat(mode.convertToDatabaseColumn(NotificationMode.ERRORS)).isEqualTo("errors");
        assertThat(mode.convertToEntityAttribute("never")).isEqualTo(NotificationMode.NEVER);
        assertThat(mode.convertToEntityAttribute("weekly")).isEqualTo(NotificationMode.ALWAYS);
        assertThat(NotificationMode.of(null)).isEqualTo(NotificationMode.ALWAYS);
        assertThat(NotificationMode.of("errors")).isEqualTo(NotificationMode.ERRORS);
    }

    @Test
    void jsonHasTheWireStrings() throws Exception {
        assertThat(json.writeValueAsString(List.of(NotificationMode.NEVER, Notification.Channel.WEBHOOK,
                Notification.Outcome.REFUSED))).isEqualTo("[\"never\",\"webhook\",\"refused\"]");
    }

    @Test
    void whoIsToldFollowsTheMode() {
        assertThat(JobSettings.wants(null, false)).isTrue();
        assertThat(JobSettings.wants(settings(NotificationMode.ALWAYS), false)).isTrue();
        assertThat(JobSettings.wants(settings(NotificationMode.ERRORS), false)).isFalse();
        assertThat(JobSettings.wants(settings(NotificationMode.ERRORS), true)).isTrue();
        assertThat(JobSettings.wants(settings(NotificationMode.NEVER), true)).isFalse();
    }

    private static JobSettings settings(NotificationMode mode) {
        JobSettings s = new JobSettings();
        s.notificationMode = mode;
        return s;
    }

    private static List<String> wires(WireValue... values) {
        return Arrays.stream(values).map(WireValue::wire).toList();
    }
}
