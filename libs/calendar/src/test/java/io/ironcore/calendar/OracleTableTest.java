package io.ironcore.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Asserts every row of the systemd oracle table (src/test/resources/systemd-oracle.tsv, made by
 * src/test/oracle/generate.py from systemd-analyze 252): normalized form, next elapses to the
 * microsecond, end of the sequence, rejection of invalid expressions. Another table (e.g. a large
 * random one from {@code generate.py --fuzz}) can be checked with {@code -Dcalendar.oracle=FILE}.
 */
class OracleTableTest {

    static final String RESOURCE = "/systemd-oracle.tsv";

    record Row(int line, String expression, String zone, String base, String normalized, String elapses) {
        @Override
        public String toString() {
            return "line " + line + ": '" + expression + "' TZ=" + zone + " after " + base;
        }
    }

    static List<Row> rows() {
        String file = System.getProperty("calendar.oracle");
        try (InputStream in = file == null || file.isEmpty()
                ? OracleTableTest.class.getResourceAsStream(RESOURCE)
                : Files.newInputStream(Path.of(file))) {
            assertThat(in).as("oracle table " + (file == null ? RESOURCE : file)).isNotNull();
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> read(InputStream in) throws IOException {
        List<Row> rows = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IllegalStateException("line " + n + ": expected 5 tab-separated columns: " + line);
            }
            rows.add(new Row(n, unescape(f[0]), f[1], f[2], f[3], f[4]));
        }
        return rows;
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                sb.append(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static Stream<Arguments> table() {
        return rows().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void matchesSystemd(Row row) {
        if (row.normalized().equals("!invalid")) {
            assertThatThrownBy(() -> CalendarEvent.parse(row.expression()))
                    .as("systemd rejects it (%s)", row.elapses())
                    .isInstanceOf(CalendarSyntaxException.class)
                    .hasMessageMatching("(?s).* at column \\d+.*");
            return;
        }
        CalendarEvent event = CalendarEvent.parse(row.expression());
        assertThat(event.normalized()).as("%s: normalized form", row).isEqualTo(row.normalized());

        List<String> tokens = new ArrayList<>(Arrays.asList(row.elapses().split(" ")));
        boolean ends = false;
        String last = tokens.get(tokens.size() - 1);
        if (last.equals("never") || last.equals("end")) {
            ends = true;
            tokens.remove(tokens.size() - 1);
        }
        List<Instant> expected = tokens.stream().map(Instant::parse).toList();
        int ask = expected.size() + (ends ? 1 : 0);
        Instant base = Instant.parse(row.base());
        ZoneId zone = zone(row.zone());
        List<Instant> actual = event.next(base, zone, ask);
        assertThat(actual).as("%s: next %d elapses", row, ask).containsExactlyElementsOf(expected);
        if (!expected.isEmpty()) {
            assertThat(event.next(base, zone)).as("next elapse").contains(expected.get(0));
        } else {
            assertThat(event.next(base, zone)).as("next elapse").isEmpty();
        }
    }

    /** The default zone (systemd's $TZ) as a ZoneId, including zoneinfo names Java lacks (EST, ROC). */
    static ZoneId zone(String name) {
        ZoneId z = Zones.lookup(name).zone;
        return z != null ? z : ZoneId.of(name);
    }

    @Test
    void tableIsLargeAndCoversEveryKindOfRow() {
        List<Row> rows = rows();
        if (System.getProperty("calendar.oracle") != null) {
            return; // an ad-hoc table, no coverage expectations
        }
        assertThat(rows).hasSizeGreaterThan(1000);
        assertThat(rows).filteredOn(r -> r.normalized().equals("!invalid")).hasSizeGreaterThan(150);
        assertThat(rows).filteredOn(r -> r.elapses().equals("never")).isNotEmpty();
        assertThat(rows).filteredOn(r -> r.elapses().endsWith(" end")).isNotEmpty();
        assertThat(rows).filteredOn(r -> r.elapses().matches(".*\\.\\d+Z.*")).isNotEmpty();
        assertThat(rows).filteredOn(r -> r.expression().contains("~")).hasSizeGreaterThan(50);
        assertThat(rows).filteredOn(r -> r.expression().endsWith(" Europe/Berlin")).hasSizeGreaterThan(100);
        assertThat(rows).filteredOn(r -> r.zone().equals("America/New_York")).hasSizeGreaterThan(100);
    }
}
