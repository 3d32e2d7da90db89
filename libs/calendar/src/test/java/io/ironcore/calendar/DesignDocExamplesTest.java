package io.ironcore.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes the "Examples" table of docs/design/calendar.md: every row (expression, normalized
 * form, base time, next elapses) is a test case, evaluated with default zone UTC. The document is
 * found by walking up from the working directory.
 */
class DesignDocExamplesTest {

    static final String DOC = "docs/design/calendar.md";
    static final List<String> HEADER = List.of("expression", "normalized", "base time", "next elapses");

    record Example(int line, String expression, String normalized, Instant base, List<Instant> next) {
        @Override
        public String toString() {
            return DOC + ":" + line + " `" + expression + "` after " + base;
        }
    }

    static Path document() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve(DOC);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + DOC + " in " + dir + " or any parent directory");
    }

    static List<String> cells(String line) {
        String t = line.trim();
        if (t.startsWith("|")) {
            t = t.substring(1);
        }
        if (t.endsWith("|")) {
            t = t.substring(0, t.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String c : t.split("\\|", -1)) {
            out.add(c.trim());
        }
        return out;
    }

    static String unquote(String cell) {
        return cell.length() >= 2 && cell.startsWith("`") && cell.endsWith("`")
                ? cell.substring(1, cell.length() - 1) : cell;
    }

    static List<Example> examples() throws IOException {
        List<String> lines = Files.readAllLines(document(), StandardCharsets.UTF_8);
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith("|")
                    && cells(lines.get(i)).stream().map(c -> c.toLowerCase(Locale.ROOT)).toList().equals(HEADER)) {
                if (header >= 0) {
                    throw new IllegalStateException(DOC + " has two example tables");
                }
                header = i;
            }
        }
        if (header < 0) {
            throw new IllegalStateException(DOC + " has no table with the columns " + HEADER);
        }
        List<Example> out = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).trim().startsWith("|"); i++) {
            List<String> c = cells(lines.get(i));
            if (c.size() != 4) {
                throw new IllegalStateException(DOC + ":" + (i + 1) + ": expected 4 cells: " + lines.get(i));
            }
            List<Instant> next = c.get(3).equals("never") ? List.of()
                    : Arrays.stream(c.get(3).split(",")).map(String::trim).map(Instant::parse).toList();
            out.add(new Example(i + 1, unquote(c.get(0)), unquote(c.get(1)), Instant.parse(c.get(2)), next));
        }
        return out;
    }

    static Stream<Example> rows() throws IOException {
        return examples().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rowHolds(Example row) {
        CalendarEvent event = CalendarEvent.parse(row.expression());
        assertThat(event.normalized()).as("normalized form").isEqualTo(row.normalized());
        if (row.next().isEmpty()) {
            assertThat(event.next(row.base(), ZoneOffset.UTC)).as("never elapses").isEmpty();
        } else {
            assertThat(event.next(row.base(), ZoneOffset.UTC, row.next().size()))
                    .as("next elapses").containsExactlyElementsOf(row.next());
        }
    }

    @Test
    void tableKeepsTheProductPageAndDstExamples() throws IOException {
        List<Example> rows = examples();
        assertThat(rows).extracting(Example::expression).contains(
                "02:00", "*-*-* 02:00", "Mon..Fri 18:00", "Sun 03:00", "*-*-01 03:00", "hourly", "daily", "weekly",
                "*-*-* 02:30 Europe/Berlin", "*-*-* 01:30 America/New_York", "*-02-30 00:00");
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.expression()).isEqualTo("*-*-* 02:30 Europe/Berlin");
            assertThat(r.base()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
            assertThat(r.next().get(0)).isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.expression()).isEqualTo("*-*-* 01:30 America/New_York");
            assertThat(r.base()).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
            assertThat(r.next()).startsWith(Instant.parse("2026-11-01T05:30:00Z"),
                    Instant.parse("2026-11-02T06:30:00Z"));
        });
    }
}
