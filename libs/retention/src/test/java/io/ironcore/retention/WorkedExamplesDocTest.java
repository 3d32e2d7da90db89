package io.ironcore.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes the "Worked examples" table of {@code docs/design/retention.md}: one test per row.
 * The document is found by walking up from the working directory.
 */
class WorkedExamplesDocTest {

    private static final String DOC = "docs/design/retention.md";
    private static final String START = "<!-- worked-examples:start -->";
    private static final String END = "<!-- worked-examples:end -->";
    private static final Pattern GENERATOR =
            Pattern.compile("daily at (\\d{2}:\\d{2}) from (\\d{4}-\\d{2}-\\d{2}) to (\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern ALL_OTHERS = Pattern.compile("all (\\d+) others");
    private static final Pattern HAS_OFFSET = Pattern.compile(".*(Z|[+-]\\d{2}:\\d{2})$");

    record Row(String name, String policy, String zone, String snapshots, String kept, String removed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Path findDoc() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(DOC);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no " + DOC + " in " + Path.of("").toAbsolutePath() + " or any parent");
    }

    static List<Row> rows() {
        List<String> lines;
        try {
            lines = Files.readAllLines(findDoc(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = lines.indexOf(START);
        int end = lines.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException(DOC + " lacks the " + START + " ... " + END + " markers");
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, end)) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = cells(line);
            if (cells.length != 6) {
                throw new IllegalStateException("expected 6 cells in table row: " + line);
            }
            if (cells[0].equals("Case") || cells[0].matches("-+")) {
                continue; // header and separator
            }
            rows.add(new Row(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]));
        }
        return rows;
    }

    private static String[] cells(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("|") || !trimmed.endsWith("|")) {
            throw new IllegalStateException("not a table row: " + line);
        }
        String[] cells = trimmed.substring(1, trimmed.length() - 1).split("\\|", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
        }
        return cells;
    }

    static Stream<Arguments> examples() {
        return rows().stream().map(Arguments::of);
    }

    @Test
    void tableHasTheRequiredExamples() {
        List<Row> rows = rows();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(20);
        assertThat(rows).extracting(Row::policy).contains("`keep-daily=2`", "`keep-daily=3`",
                "`keep-last=2, keep-daily=2`", "`keep-last=1, keep-daily=1`",
                "`keep-daily=7, keep-weekly=4, keep-monthly=12`");
        assertThat(rows).extracting(Row::zone).contains("Europe/Berlin", "UTC");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void example(Row row) {
        ZoneId zone = ZoneId.of(row.zone());
        String policyText = row.policy().replace("`", "").strip();
        RetentionPolicy policy = policyText.equals("(none)") ? RetentionPolicy.none() : RetentionPolicy.parse(policyText);
        List<RetentionCandidate> snapshots = snapshots(row.snapshots(), zone);

        PruneResult result = Retention.apply(policy, snapshots, zone);
        Map<Instant, Decision> byInstant = new HashMap<>();
        for (Decision d : result.decisions()) {
            assertThat(byInstant.put(d.time(), d)).as("two snapshots at %s in the row", d.time()).isNull();
        }

        // Kept: exactly the listed snapshots, with exactly the listed reasons, listed newest first.
        Map<Instant, String> kept = entries(row.kept(), zone);
        Map<Instant, String> actualKept = new LinkedHashMap<>();
        for (Decision d : result.newestFirst()) {
            if (d.keep()) {
                actualKept.put(d.time(), d.reason());
            }
        }
        assertThat(kept).as("kept (reason), newest first").containsExactlyEntriesOf(actualKept);

        // Removed: explicit list (reasons optional), none, or "all N others".
        String removedCell = row.removed();
        Matcher allOthers = ALL_OTHERS.matcher(removedCell);
        if (removedCell.equals("—")) {
            assertThat(result.removed()).as("removed").isEmpty();
        } else if (allOthers.matches()) {
            assertThat(result.removedCount()).as("removed").isEqualTo(Integer.parseInt(allOthers.group(1)));
            assertThat(result.keptCount() + result.removedCount()).isEqualTo(snapshots.size());
        } else {
            Map<Instant, String> removed = entries(removedCell, zone);
            assertThat(removed.keySet()).as("removed")
                    .containsExactlyInAnyOrderElementsOf(result.removed().stream().map(Decision::time).toList());
            removed.forEach((t, reason) -> {
                if (reason != null) {
                    assertThat(byInstant.get(t).reason()).as("reason for removing %s", t).isEqualTo(reason);
                }
            });
        }

        // And the independent port of PBS agrees.
        Map<String, String> reference = PbsReferenceModel.compute(policy, snapshots, zone);
        for (Decision d : result.decisions()) {
            assertThat(reference.get(d.id())).as("reference model for %s", d.id())
                    .isEqualTo(d.keep() ? d.reason() : "remove");
        }
    }

    private static List<RetentionCandidate> snapshots(String cell, ZoneId zone) {
        List<RetentionCandidate> out = new ArrayList<>();
        Matcher generator = GENERATOR.matcher(cell);
        if (generator.matches()) {
            LocalTime at = LocalTime.parse(generator.group(1));
            LocalDate to = LocalDate.parse(generator.group(3));
            for (LocalDate day = LocalDate.parse(generator.group(2)); !day.isAfter(to); day = day.plusDays(1)) {
                ZonedDateTime z = ZonedDateTime.of(day, at, zone);
                out.add(RetentionCandidate.of(z.toLocalDateTime().toString(), z.toInstant()));
            }
            return out;
        }
        for (String token : split(cell)) {
            boolean isProtected = false;
            boolean inUse = false;
            String time = token;
            if (token.endsWith(" (protected)")) {
                isProtected = true;
                time = token.substring(0, token.length() - " (protected)".length());
            } else if (token.endsWith(" (in use)")) {
                inUse = true;
                time = token.substring(0, token.length() - " (in use)".length());
            } else if (token.contains("(")) {
                fail("unknown snapshot flag in '%s' (known: (protected), (in use))", token);
            }
            out.add(new RetentionCandidate(time, instant(time, zone), isProtected, inUse));
        }
        return out;
    }

    /** "time (reason), time, ..." → instant → reason (null when the entry has none); keeps cell order. */
    private static Map<Instant, String> entries(String cell, ZoneId zone) {
        Map<Instant, String> out = new LinkedHashMap<>();
        for (String token : split(cell)) {
            int paren = token.indexOf(" (");
            String time = paren < 0 ? token : token.substring(0, paren);
            String reason = null;
            if (paren >= 0) {
                if (!token.endsWith(")")) {
                    fail("unbalanced parentheses in '%s'", token);
                }
                reason = token.substring(paren + 2, token.length() - 1);
            }
            if (out.put(instant(time, zone), reason) != null || out.containsKey(null)) {
                fail("'%s' is listed twice", time);
            }
        }
        return out;
    }

    /** Splits on ", " outside parentheses. */
    private static List<String> split(String cell) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(cell.substring(from, i).strip());
                from = i + 1;
            }
        }
        out.add(cell.substring(from).strip());
        return out;
    }

    private static Instant instant(String text, ZoneId zone) {
        if (HAS_OFFSET.matcher(text).matches()) {
            return OffsetDateTime.parse(text).toInstant();
        }
        LocalDateTime local = LocalDateTime.parse(text);
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.size() != 1) {
            fail("local time %s is %s in %s: write it with an explicit offset", text,
                    offsets.isEmpty() ? "skipped (DST gap)" : "ambiguous (DST overlap)", zone);
        }
        return local.toInstant(offsets.get(0));
    }
}
