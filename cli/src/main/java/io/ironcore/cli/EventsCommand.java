package io.ironcore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironcore.events.CloudEventHeaders;
import io.ironcore.events.EventTypes;
import io.ironcore.events.Topics;
import io.ironcore.events.catalog.EventCatalog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ironcore-backup events}: the event log, read straight from Kafka as an outside consumer would. A consumer
 * without a group: it is assigned every partition of the streams ({@link Topics#STREAMS}), starts at the beginning
 * (or at {@code --since}, by timestamp), and without {@code --follow} stops at the end offsets it saw at start.
 * Events are CloudEvents in binary mode: {@code ce_*} headers, a JSON value, the job id as key. The compacted
 * {@code ironcore.job-definitions} (state, not events) is read only when {@code --type} names its types
 * (job.definition, syncjob.definition); its tombstones (a deleted job: a null value) show as "deleted".
 */
@Command(name = "events", description = "Read the event log (Kafka): each CloudEvent as a table row (time, type, "
        + "job, run, summary) or, with --output json, as one JSON object per line (specversion, id, type, source, "
        + "time, subject, datacontenttype, data). Stops at the end of the log unless --follow.",
        mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  ironcore-backup events --job daily-prod-incr --since 2h",
                "  ironcore-backup events --type run.failed,job.rpo-breached --follow",
                "  ironcore-backup events --run 5d1e2f30-8a8b-4c1f --output json"})
public class EventsCommand implements Runnable {
    private static final Pattern VERSION = Pattern.compile("\\.v[0-9]+$");
    private static final Pattern SPAN = Pattern.compile("([0-9]{1,9})(w|d|h|m|s)");
    /** How long reading to the end may go without a record before the broker counts as gone. */
    private static final Duration STALLED = DlqCommand.TIMEOUT.multipliedBy(6);

    @Spec
    CommandSpec spec;
    @Mixin
    DlqCommand.KafkaConnection kafka;
    @Mixin
    Connection connection;
    @Option(names = "--job", paramLabel = "<name>", description = "only this job's events: its name in the payload "
            + "(jobName, name), or its id (the key); with a token configured, the name is also resolved to the job's "
            + "id through job-service (in --project), so events without a name count too")
    String job;
    @Option(names = "--run", paramLabel = "<id>", description = "only this run's events (runId, syncRunId or "
            + "restoreId in the payload)")
    String run;
    @Option(names = "--type", split = ",", paramLabel = "<type>", description = "only events of these types, "
            + "short (run.completed) or full (io.ironcore.backup.run.completed.v1), comma-separated or repeated; "
            + "job.definition and syncjob.definition read the compacted ironcore.job-definitions (current "
            + "definitions, a deleted job as a tombstone), which is read only then")
    List<String> types;
    @Option(names = "--since", paramLabel = "<time>", description = "only events from this time on: RFC 3339 "
            + "(2026-12-04T02:00:00Z), a date (2026-12-04, UTC) or an age (90s, 30m, 2h, 1d12h, 2w)")
    String since;
    @Option(names = "--follow", description = "after the events so far, print new ones as they come, until Ctrl-C")
    boolean follow;
    @Mixin
    Options.OutputFormat output;

    /** One record of the log as a CloudEvent. */
    record Event(String topic, int partition, long offset, String key, Instant time, Map<String, String> headers,
                 JsonNode data) {
        String type() {
            return headers.get(CloudEventHeaders.TYPE);
        }

        /** The job's name; for a tombstone, which has no data, its key (the id of the deleted job). */
        String jobName() {
            return data.isNull() ? key : first(data, "jobName", "name", "syncJobName");
        }

        String runId() {
            return first(data, "runId", "syncRunId", "restoreId");
        }

        ObjectNode json() {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("specversion", headers.getOrDefault(CloudEventHeaders.SPEC_VERSION, "1.0"));
            n.put("id", headers.get(CloudEventHeaders.ID));
            n.put("type", type());
            n.put("source", headers.get(CloudEventHeaders.SOURCE));
            n.put("time", headers.containsKey(CloudEventHeaders.TIME) ? headers.get(CloudEventHeaders.TIME)
                    : time.toString());
            if (headers.get(CloudEventHeaders.SUBJECT) != null) {
                n.put("subject", headers.get(CloudEventHeaders.SUBJECT));
            }
            if (!data.isNull()) { // a tombstone is a CloudEvent without data
                n.put("datacontenttype", headers.getOrDefault(CloudEventHeaders.CONTENT_TYPE, "application/json"));
                n.set("data", data);
            }
            return n;
        }
    }

    @Override
    public void run() {
        output.check();
        Set<String> wantedTypes = types(types);
        Instant from = since == null ? null : since(since, Instant.now());
        String servers = kafka.servers();
        Set<String> jobIds = jobIds();
        PrintWriter out = spec.commandLine().getOut();
        Printer printer = new Printer(out, output.json());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(DlqCommand.consumerConfig(servers))) {
            CountDownLatch done = new CountDownLatch(1);
            // Ctrl-C while following: wake the consumer up, let the loop end and the output be flushed
            Thread onCtrlC = new Thread(() -> {
                c.wakeup();
                try {
                    done.await(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ironcore-events-stop");
            if (follow) {
                Runtime.getRuntime().addShutdownHook(onCtrlC);
            }
            try {
                read(c, servers, topics(wantedTypes), from, e -> matches(e, wantedTypes, from, jobIds), printer);
            } catch (WakeupException | InterruptException stopped) {
                // stopped while following (Ctrl-C, or the thread was interrupted): what came so far is printed
            } finally {
                Thread.interrupted(); // the consumer closes cleanly
                printer.flush();
                done.countDown();
                if (follow) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(onCtrlC);
                    } catch (IllegalStateException shuttingDown) {
                        // the JVM is exiting (Ctrl-C): the hook is running
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw DlqCommand.unreachable(servers);
        } catch (KafkaException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "Kafka at " + servers + ": " + e.getMessage());
        }
    }

    /**
     * Reads the topics from {@code from} (or the beginning): to the end offsets seen at start, then, with {@code
     * --follow}, on until interrupted. Without --follow the events are printed in time order at the end.
     */
    private void read(KafkaConsumer<String, byte[]> c, String servers, List<String> topics, Instant from,
                      java.util.function.Predicate<Event> keep, Printer printer) {
        Map<String, List<PartitionInfo>> existing = c.listTopics(DlqCommand.TIMEOUT);
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : topics) {
            for (PartitionInfo p : existing.getOrDefault(t, List.of())) {
                parts.add(new TopicPartition(t, p.partition()));
            }
        }
        c.assign(parts);
        seek(c, parts, from);
        Map<TopicPartition, Long> end = c.endOffsets(parts, DlqCommand.TIMEOUT);
        List<Event> backlog = new ArrayList<>();
        long lastProgress = System.nanoTime();
        while (parts.stream().anyMatch(tp -> c.position(tp, DlqCommand.TIMEOUT) < end.get(tp))) {
            if (System.nanoTime() - lastProgress > STALLED.toNanos()) {
                throw new CliException(ExitCodes.UNREACHABLE, "reading the event log from Kafka at " + servers
                        + " stalled for " + STALLED.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                lastProgress = System.nanoTime();
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() >= end.get(tp)) {
                    continue; // after the end seen at start: read again below when following
                }
                Event e = event(r);
                if (e != null && keep.test(e)) {
                    backlog.add(e);
                }
            }
        }
        backlog.sort(Comparator.comparing(Event::time));
        printer.print(backlog, !follow);
        if (!follow) {
            return;
        }
        // on from the end offsets seen at start (a record polled past them above was skipped)
        parts.forEach(tp -> c.seek(tp, end.get(tp)));
        Set<String> missing = new LinkedHashSet<>(topics);
        parts.forEach(tp -> missing.remove(tp.topic()));
        long nextLookup = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Thread.currentThread().isInterrupted()) {
            if (!missing.isEmpty() && System.nanoTime() > nextLookup) {
                // a stream created since we started (a fresh broker): read it from its beginning
                Map<String, List<PartitionInfo>> now = c.listTopics(DlqCommand.TIMEOUT);
                List<TopicPartition> added = new ArrayList<>();
                for (String t : List.copyOf(missing)) {
                    for (PartitionInfo p : now.getOrDefault(t, List.of())) {
                        added.add(new TopicPartition(t, p.partition()));
                        missing.remove(t);
                    }
                }
                if (!added.isEmpty()) {
                    parts.addAll(added);
                    c.assign(parts);
                    seek(c, added, from);
                }
                nextLookup = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            List<Event> batch = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                Event e = event(r);
                if (e != null && keep.test(e)) {
                    batch.add(e);
                }
            }
            batch.sort(Comparator.comparing(Event::time));
            printer.print(batch, false);
        }
    }

    private static void seek(KafkaConsumer<String, byte[]> c, List<TopicPartition> parts, Instant from) {
        if (from == null) {
            c.seekToBeginning(parts);
            return;
        }
        Map<TopicPartition, Long> at = new HashMap<>();
        parts.forEach(tp -> at.put(tp, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(at, DlqCommand.TIMEOUT);
        List<TopicPartition> none = new ArrayList<>();
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp o = found.get(tp);
            if (o == null) {
                none.add(tp);
            } else {
                c.seek(tp, o.offset());
            }
        }
        c.seekToEnd(none); // nothing that new yet
    }

    /**
     * The record as a CloudEvent; a tombstone with a type (ironcore.job-definitions: a deleted job) as one without
     * data (a null node); null for what is none (a record without a type).
     */
    static Event event(ConsumerRecord<String, byte[]> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        if (headers.get(CloudEventHeaders.TYPE) == null) {
            return null;
        }
        JsonNode data;
        if (r.value() == null) {
            data = Json.MAPPER.getNodeFactory().nullNode();
        } else {
            try {
                data = Json.MAPPER.readTree(r.value());
            } catch (IOException e) {
                data = Json.MAPPER.getNodeFactory().textNode(new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        Instant time = Instant.ofEpochMilli(r.timestamp());
        String ceTime = headers.get(CloudEventHeaders.TIME);
        if (ceTime != null) {
            try {
                time = OffsetDateTime.parse(ceTime).toInstant();
            } catch (DateTimeParseException ignored) {
                // the record's own timestamp
            }
        }
        return new Event(r.topic(), r.partition(), r.offset(), r.key(), time, headers, data);
    }

    private boolean matches(Event e, Set<String> wantedTypes, Instant from, Set<String> jobIds) {
        if (wantedTypes != null && !wantedTypes.contains(e.type()) && !wantedTypes.contains(shortType(e.type()))) {
            return false;
        }
        if (from != null && e.time().isBefore(from)) {
            return false;
        }
        if (run != null && !run.equals(e.runId())) {
            return false;
        }
        if (job != null) {
            String id = first(e.data(), "jobId", "syncJobId");
            return job.equals(e.jobName()) || jobIds.contains(e.key()) || (id != null && jobIds.contains(id));
        }
        return true;
    }

    /**
     * The ids {@code --job} stands for: the value itself (it may be an id), and the id job-service has for that name
     * when a token is configured (events without a name then count too). Without an answer, the name alone.
     */
    private Set<String> jobIds() {
        Set<String> ids = new LinkedHashSet<>();
        if (job == null) {
            return ids;
        }
        ids.add(job);
        if (connection.hasToken()) {
            try {
                JsonNode j = connection.client().get(connection.scoped("/api/v1/jobs/" + Output.path(job)));
                if (j.hasNonNull("id")) {
                    ids.add(j.get("id").asText());
                }
            } catch (CliException unknownOrUnreachable) {
                // a deleted job, another project, job-service down: its events still carry its name
            }
        }
        return ids;
    }

    /** {@code run.completed} of {@code io.ironcore.backup.run.completed.v1}. */
    static String shortType(String type) {
        if (type == null) {
            return null;
        }
        String s = type.startsWith(EventTypes.PREFIX) ? type.substring(EventTypes.PREFIX.length()) : type;
        return VERSION.matcher(s).replaceFirst("");
    }

    /** The types asked for, short or full; null for all. Exit 2 for a short type the catalog does not know. */
    static Set<String> types(List<String> given) {
        if (given == null) {
            return null;
        }
        Set<String> known = new LinkedHashSet<>();
        EventCatalog.ENTRIES.forEach(e -> known.add(shortType(e.type())));
        Set<String> out = new LinkedHashSet<>();
        for (String g : given) {
            String t = g.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith(EventTypes.PREFIX)) {
                out.add(t); // a full type: exactly that one (also a version the catalog does not list yet)
            } else if (known.contains(shortType(t))) {
                out.add(VERSION.matcher(t).find() ? EventTypes.PREFIX + t : shortType(t));
            } else {
                throw new CliException(ExitCodes.USAGE, "--type: unknown event type '" + DlqCommand.oneLine(t)
                        .replaceAll("\\p{Cntrl}", "?") + "' (known: " + String.join(", ", known) + ")");
            }
        }
        if (out.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--type: give at least one event type");
        }
        return out;
    }

    /** The topics that hold these types (every stream for all types, or a type the catalog does not list). */
    static List<String> topics(Set<String> types) {
        if (types == null) {
            return Topics.STREAMS;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : types) {
            List<String> of = EventCatalog.ENTRIES.stream().filter(e -> t.equals(e.type())
                    || t.equals(shortType(e.type()))).map(EventCatalog.Entry::topic).toList();
            if (of.isEmpty()) {
                return Topics.STREAMS;
            }
            out.addAll(of);
        }
        return Topics.all().stream().filter(out::contains).toList(); // a state topic only when asked for
    }

    /** {@code --since}: RFC 3339, a date (midnight UTC), or an age before {@code now} such as 2h or 1d12h. */
    static Instant since(String text, Instant now) {
        String s = text.trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException notATimestamp) {
            // a date or an age
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            // an age
        }
        String lower = s.toLowerCase(Locale.ROOT);
        Matcher m = SPAN.matcher(lower);
        Duration age = Duration.ZERO;
        int at = 0;
        while (at < lower.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            age = age.plus(switch (m.group(2)) {
                case "w" -> Duration.ofDays(7 * n);
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            at = m.end();
        }
        if (lower.isEmpty() || at != lower.length()) {
            throw new CliException(ExitCodes.USAGE, "--since: '" + DlqCommand.oneLine(s).replaceAll("\\p{Cntrl}", "?")
                    + "' is no time: give RFC 3339 (2026-12-04T02:00:00Z), a date (2026-12-04) or an age (2h, 1d12h)");
        }
        return now.minus(age);
    }

    /** The one-line summary of an event's data. */
    static String summary(String shortType, JsonNode d) {
        if (d.isNull()) {
            return "deleted (tombstone)";
        }
        String s = switch (shortType == null ? "" : shortType) {
            case "job.definition", "syncjob.definition" -> join(prefixed("version ", text(d, "version")),
                    d.path("enabled").asBoolean(true) ? "enabled" : "paused");
            case "run.requested" -> join(text(d, "trigger"), text(d, "mode"), count(d, "sources", "source(s)"));
            case "run.started" -> join(text(d, "workerId"), prefixed("attempt ", text(d, "attempt")));
            case "run.completed" -> join(text(d, "mode"), count(d, "snapshots", "snapshot(s)"),
                    prefixed("", text(d.path("stats"), "bytesRead"), " bytes read"),
                    prefixed("", text(d.path("stats"), "bytesWritten"), " written"));
            case "run.failed" -> join(prefixed("attempt ", text(d, "attempt")), text(d, "reason"));
            case "run.progress" -> prefixed("", text(d, "bytesDone"), "/" + d.path("bytesTotal").asText() + " bytes");
            case "run.skipped" -> join(text(d, "reason"), text(d, "detail"));
            case "job.rpo-breached" -> join(text(d, "state"), prefixed("RPO ", seconds(d, "rpoSeconds")),
                    prefixed("last good snapshot ", text(d, "lastGoodSnapshotAt")));
            case "job.rpo-restored" -> join(prefixed("RPO ", seconds(d, "rpoSeconds")),
                    prefixed("at risk for ", seconds(d, "atRiskSeconds")),
                    d.path("deleted").asBoolean() ? "job deleted" : null);
            case "notification.sent" -> join(text(d, "targetType"), text(d, "target"),
                    prefixed("", text(d, "attempts"), " attempt(s)"));
            case "notification.failed" -> join(text(d, "targetType"), text(d, "target"),
                    prefixed("", text(d, "attempts"), " attempt(s)"), text(d, "reason"));
            case "prune.completed" -> join(count(d, "kept", "kept"), count(d, "removed", "removed"));
            case "gc.completed" -> join(prefixed("", text(d, "chunksRemoved"), " chunk(s) removed"),
                    prefixed("", text(d, "bytesFreed"), " bytes freed"));
            case "sync.completed" -> join(count(d, "copied", "copied"),
                    prefixed("", text(d, "alreadyPresent"), " already present"), text(d, "target"));
            case "sync.started" -> join(text(d, "source"), prefixed("to ", text(d, "target")));
            case "schedule.tick" -> join(text(d, "kind"), prefixed("for ", text(d, "scheduledFor")),
                    d.path("catchUp").asBoolean() ? "catch-up" : null);
            case "restore.completed" -> join(text(d, "snapshotId"), prefixed("to ", text(d, "path")));
            case "restore.requested" -> join(text(d, "snapshotId"), prefixed("to ", text(d, "target")));
            case "snapshot.protection-changed" -> join(text(d, "snapshotId"),
                    d.path("isProtected").asBoolean() || d.path("protected").asBoolean() ? "protected"
                            : "unprotected");
            default -> join(text(d, "reason"));
        };
        return DlqCommand.oneLine(s);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String first(JsonNode n, String... fields) {
        for (String f : fields) {
            String v = text(n, f);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String count(JsonNode n, String field, String what) {
        return n.path(field).isArray() ? n.path(field).size() + " " + what : null;
    }

    private static String seconds(JsonNode n, String field) {
        return n.path(field).isNumber() ? span(n.path(field).asLong()) : null;
    }

    /** 93600 s as {@code 26h}, 5400 s as {@code 1h30m}, 7 days 6 hours as {@code 7d6h}. */
    static String span(long seconds) {
        long d = seconds >= 2 * 86400 ? seconds / 86400 : 0;
        long rest = seconds - d * 86400;
        StringBuilder b = new StringBuilder();
        if (d > 0) {
            b.append(d).append('d');
        }
        if (rest / 3600 > 0) {
            b.append(rest / 3600).append('h');
        }
        if (rest % 3600 / 60 > 0) {
            b.append(rest % 3600 / 60).append('m');
        }
        if (rest % 60 > 0 || b.length() == 0) {
            b.append(rest % 60).append('s');
        }
        return b.toString();
    }

    private static String prefixed(String prefix, String value) {
        return value == null ? null : prefix + value;
    }

    private static String prefixed(String prefix, String value, String suffix) {
        return value == null ? null : prefix + value + suffix;
    }

    private static String join(String... parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                out.add(p);
            }
        }
        return String.join(", ", out);
    }

    /** Table rows (a table with widths of its own; fixed widths while following) or JSON lines. */
    private final class Printer {
        private final PrintWriter out;
        private final boolean json;
        private boolean headerDone;

        Printer(PrintWriter out, boolean json) {
            this.out = out;
            this.json = json;
        }

        void print(List<Event> events, boolean last) {
            if (json) {
                for (Event e : events) {
                    try {
                        out.println(Json.MAPPER.writeValueAsString(e.json()));
                    } catch (JsonProcessingException ex) {
                        throw new CliException(ExitCodes.FAILED, ex.getMessage());
                    }
                }
            } else if (last) {
                if (events.isEmpty()) {
                    out.println("no events");
                } else {
                    Table t = new Table("TIME", "TYPE", "JOB", "RUN", "SUMMARY");
                    events.forEach(e -> t.row(row(e)));
                    t.print(out);
                }
            } else {
                if (!headerDone) {
                    out.println(fixed(new String[] {"TIME", "TYPE", "JOB", "RUN", "SUMMARY"}));
                    headerDone = true;
                }
                for (Event e : events) {
                    String[] r = row(e);
                    for (int i = 0; i < r.length; i++) {
                        r[i] = r[i] == null || r[i].isEmpty() ? "-" : r[i];
                    }
                    out.println(fixed(r));
                }
            }
            out.flush();
        }

        void flush() {
            out.flush();
        }

        private String[] row(Event e) {
            return new String[] {e.time().truncatedTo(ChronoUnit.SECONDS).toString(), shortType(e.type()),
                    e.jobName(), e.runId(), summary(shortType(e.type()), e.data())};
        }

        private String fixed(String[] r) {
            return String.format("%-21s %-27s %-24s %-37s %s", (Object[]) r).stripTrailing();
        }
    }
}
