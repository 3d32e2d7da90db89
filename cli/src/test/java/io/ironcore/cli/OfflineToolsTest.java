package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline Prune Simulator and calendar commands, with the contracts of issues 4 and 6. */
class OfflineToolsTest {
    private final InputStream stdin = System.in;

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    record Result(int code, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> out = new ArrayList<>();
            for (String l : out().lines().toList()) {
                out.add(Json.MAPPER.readTree(l));
            }
            return out;
        }
    }

    static Result run(String input, String... args) {
        if (input != null) {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IroncoreBackup.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void pruneSimulateAnswersOneDecisionPerInputLineInInputOrder() throws Exception {
        Result r = run("2019-12-04T12:59:00Z\n2019-12-02T11:59:00Z\n2019-12-04T11:59:00Z\n2019-12-03T11:59:00Z\n",
                "prune", "simulate", "--retention", "keep-daily=2", "--output", "json");
        assertThat(r.code()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).extracting(l -> l.get("time").asText()).containsExactly("2019-12-04T12:59:00Z",
                "2019-12-02T11:59:00Z", "2019-12-04T11:59:00Z", "2019-12-03T11:59:00Z");
        assertThat(lines).extracting(l -> l.get("keep").asBoolean()).containsExactly(true, false, false, true);
        assertThat(lines.get(0).get("reason").asText()).isEqualTo("daily 1 of 2");
        assertThat(lines.get(3).get("reason").asText()).isEqualTo("daily 2 of 2");
    }

    @Test
    void pruneSimulateUsesTheZoneForItsPeriods() throws Exception {
        // 23:30 UTC is already the next day in Berlin: two different days there, one day in UTC
        String input = "2026-03-10T08:00:00Z\n2026-03-10T23:30:00Z\n";
        assertThat(run(input, "prune", "simulate", "--retention", "keep-daily=5", "--output", "json").lines())
                .extracting(l -> l.get("keep").asBoolean()).containsExactly(false, true);
        assertThat(run(input, "prune", "simulate", "--retention", "keep-daily=5", "--zone", "Europe/Berlin",
                "--output", "json").lines()).extracting(l -> l.get("keep").asBoolean()).containsExactly(true, true);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "keep-daily=0                 | keep-daily must be an integer between 1 and 100000, got '0'",
            "keep-daily=-1                | keep-daily must be an integer between 1 and 100000, got '-1'",
            "keep-fortnightly=2           | unknown retention window 'keep-fortnightly'",
            "keep-daily=7, keep-daily=8   | keep-daily is given twice",
            "keep-daily=1e9               | keep-daily must be an integer between 1 and 100000, got '1e9'"})
    void badRetentionIsRefusedWithOneClearLine(String retention, String message) {
        Result r = run("2026-01-01T00:00:00Z\n", "prune", "simulate", "--retention", retention);
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("ironcore-backup: --retention: " + message);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aLineThatIsNoInstantIsNamed() {
        Result r = run("2026-01-01T00:00:00Z\nyesterday\n", "prune", "simulate", "--retention", "keep-last=1");
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(r.err().strip()).isEqualTo("ironcore-backup: line 2: not an ISO-8601 instant: 'yesterday'");
    }

    @Test
    void aProjectedScheduleKeepsWhatTheWindowsSay() throws Exception {
        Result r = run(null, "prune", "simulate", "--retention", "keep-daily=7, keep-weekly=4", "--schedule", "02:00",
                "--from", "2026-01-01", "--days", "120", "--full-size", "2147483648", "--change-ratio", "0.01",
                "--output", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode p = r.lines().get(0);
        assertThat(p.get("made").asInt()).isEqualTo(120);
        // 7 days, then 4 weeks not holding one of them yet (PBS: a period already kept is skipped, not counted)
        assertThat(p.get("generations")).hasSize(11);
        assertThat(p.get("estimatedBytes").asLong()).isEqualTo(2147483648L + 10 * 21474836L);
        Result on = run(null, "prune", "simulate", "--retention", "keep-daily=7", "--schedule", "02:00",
                "--from", "2026-01-01", "--days", "120", "--on", "2026-01-03", "--output", "json");
        assertThat(on.lines().get(0).get("generations")).hasSize(3);
    }

    @Test
    void calendarNextFollowsTheCliContract() throws Exception {
        Result r = run("*-*-* 02:30 Europe/Berlin\nFri..Mon 01:00\n*-02-30 00:00\n", "calendar", "next",
                "--from", "2026-03-28T23:00:00Z", "--count", "2", "--output", "json");
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("normalized").asText()).isEqualTo("*-*-* 02:30:00 Europe/Berlin");
        assertThat(lines.get(0).get("next")).extracting(JsonNode::asText)
                .containsExactly("2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z");
        assertThat(lines.get(1).get("error").asText()).contains("Fri..Mon");
        assertThat(lines.get(2).get("next")).isEmpty();

        Result weekly = run(null, "calendar", "next", "weekly", "--from", "2026-11-26T00:00:00Z", "--count", "1",
                "--zone", "America/New_York", "--output", "json");
        assertThat(weekly.code()).isZero();
        assertThat(weekly.lines().get(0).get("next").get(0).asText()).isEqualTo("2026-11-30T05:00:00Z");
        assertThat(run(null, "calendar", "normalize", "quarterly").out().strip())
                .isEqualTo("*-01,04,07,10-01 00:00:00");
        Result bad = run(null, "calendar", "normalize", "Sunn 03:00");
        assertThat(bad.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(bad.err().lines()).singleElement().asString().startsWith("ironcore-backup: invalid weekday 'Sunn'");
    }
}
