package io.ironcore.eventing.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fleet families written straight into Prometheus' text format (0.0.4, or OpenMetrics 1.0.0 without its {@code # EOF},
 * which ends the whole scrape), as UTF-8, with no sample object per series: a scrape of 10,000 jobs has 220,000
 * series. The text is what the Prometheus client's {@code TextFormat} writes for the same families (HELP and TYPE
 * once per family, label values escaped, values as Go writes doubles); no timestamps, no exemplars. Each family is
 * written into its own buffer, so a contributor may fill several families from one query; they are exported in
 * the order they were declared, a family's series together. An exposition made with a {@link Pieces} consumer hands
 * the complete families on at each {@link #flush()}, so that they are sent while the next query runs.
 */
public final class Exposition implements Family.Sink {
    /** The text formats, chosen as Quarkus' Prometheus handler chooses them. */
    public enum Format {
        TEXT("text/plain; version=0.0.4; charset=utf-8"),
        OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }

        /** Text 0.0.4 when the Accept header names text/plain or text/html (Prometheus' own does), else OpenMetrics. */
        public static Format forAccept(String accept) {
            return accept != null && (accept.contains("text/plain") || accept.contains("text/html")) ? TEXT
                    : OPENMETRICS;
        }
    }

    private static final byte[] SPACE = {' '};
    private static final byte[] NEWLINE = {'\n'};

    /** Takes text that is complete; the pieces are valid only during the call. */
    @FunctionalInterface
    public interface Pieces {
        void send(List<ByteBuffer> pieces);
    }

    private final Format format;
    private final ChunkPool pool;
    private final Pieces pieces;
    private final List<Text> families = new ArrayList<>();
    private boolean sent;

    /** Text kept until {@link #chunks()} or {@link #toString()} reads it. */
    public Exposition(Format format) {
        this(format, ChunkPool.NONE, null);
    }

    Exposition(Format format, ChunkPool pool, Pieces pieces) {
        this.format = format;
        this.pool = pool;
        this.pieces = pieces;
    }

    /** Hands the families declared so far on to the {@link Pieces}, if there is one, and forgets them. */
    @Override
    public void flush() {
        if (pieces == null || families.isEmpty()) {
            return;
        }
        List<ByteBuffer> complete = chunks();
        sent = true;
        try {
            pieces.send(complete);
        } finally {
            release();
        }
    }

    /** Whether some of the text has been handed on already. */
    boolean sent() {
        return sent;
    }

    public Format format() {
        return format;
    }

    @Override
    public Family gauge(String name, String help, String... labelNames) {
        return declare(name, Collector.Type.GAUGE, help, null, labelNames);
    }

    @Override
    public Family counter(String name, String help, String... labelNames) {
        return declare(Series.counterName(name), Collector.Type.COUNTER, help, null, labelNames);
    }

    @Override
    public Family histogram(String name, String help, double[] buckets, String... labelNames) {
        return declare(name, Collector.Type.HISTOGRAM, help, Series.ascending(buckets), labelNames);
    }

    /** Families built as Prometheus client samples (gauges, counters and histograms, as {@link Series} builds them). */
    public void families(List<MetricFamilySamples> list) {
        for (MetricFamilySamples f : list) {
            Text text = new Text(f.name, f.type, f.help, null, List.of());
            families.add(text);
            for (Sample s : f.samples) {
                text.line(s.name, s.labelNames, s.labelValues, s.value);
            }
        }
    }

    /**
     * Series of {@code family} written before, in this exposition's format, by {@link Fragments} (a family of the
     * same name, type and labels): they are added as they are.
     */
    public void lines(Family family, byte[] lines) {
        if (!(family instanceof Text t) || t.owner() != this) {
            throw new IllegalArgumentException("not a family of this exposition");
        }
        t.checkOpen();
        t.out.bytes(lines);
    }

    /** The series written into {@code family} since the last call (without its HELP and TYPE lines), forgotten. */
    static byte[] take(Family family) {
        return ((Text) family).out.take();
    }

    /** The text in pieces of at most 64 KiB, in order, read-only; valid until {@link #release()}. */
    public List<ByteBuffer> chunks() {
        List<ByteBuffer> all = new ArrayList<>();
        for (Text t : families) {
            all.addAll(t.out.chunks());
        }
        return all;
    }

    /** Done with the text: its pieces may be reused for another scrape's; families declared before are gone. */
    public void release() {
        for (Text t : families) {
            t.released = true;
            t.out.release();
        }
        families.clear();
    }

    public long size() {
        long n = 0;
        for (Text t : families) {
            n += t.out.size();
        }
        return n;
    }

    @Override
    public String toString() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer c : chunks()) {
            byte[] b = new byte[c.remaining()];
            c.get(b);
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private Text declare(String name, Collector.Type type, String help, double[] buckets, String... labelNames) {
        Text t = new Text(name, type, help, buckets, List.of(labelNames));
        families.add(t);
        return t;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** One family's text: its HELP and TYPE lines, then its series as they are added. */
    private final class Text implements Family {
        private final String name;
        private final Collector.Type type;
        private final double[] buckets;
        private final List<String> labelNames;
        private final TextBuffer out = new TextBuffer(pool);
        /** The sample names: the value's ({@code _total} for a counter), {@code _bucket}, {@code _count}, {@code _sum}. */
        private final byte[] valueName;
        private final byte[] bucketName;
        private final byte[] countName;
        private final byte[] sumName;
        /** Before each label's value: <code>{name="</code> or <code>,name="</code> (0.0.4 puts its comma after). */
        private final byte[][] opens;
        private final byte[] openLe;
        /** After a label's value, after the labels, and for a sample without labels. */
        private final byte[] close;
        private final byte[] end;
        private final byte[][] les;
        private boolean released;

        Text(String name, Collector.Type type, String help, double[] buckets, List<String> labelNames) {
            if (type != Collector.Type.GAUGE && type != Collector.Type.COUNTER && type != Collector.Type.HISTOGRAM) {
                throw new IllegalArgumentException(name + ": " + type + " is not written as fleet series");
            }
            this.name = name;
            this.type = type;
            this.buckets = buckets;
            this.labelNames = labelNames;
            boolean om = format == Format.OPENMETRICS;
            valueName = ascii(type == Collector.Type.COUNTER ? name + "_total" : name);
            bucketName = ascii(name + "_bucket");
            countName = ascii(name + "_count");
            sumName = ascii(name + "_sum");
            opens = new byte[labelNames.size()][];
            for (int i = 0; i < opens.length; i++) {
                opens[i] = ascii((i == 0 ? "{" : om ? "," : "") + labelNames.get(i) + "=\"");
            }
            openLe = ascii((opens.length == 0 ? "{" : om ? "," : "") + "le=\"");
            close = ascii(om ? "\"" : "\",");
            end = ascii("} ");
            les = new byte[buckets == null ? 0 : buckets.length + 1][];
            for (int i = 0; i < les.length; i++) {
                les[i] = ascii(i < buckets.length ? Collector.doubleToGoString(buckets[i]) : "+Inf");
            }
            String typeName = type.name().toLowerCase(Locale.ROOT);
            if (om) {
                out.ascii("# TYPE ").ascii(name).ascii(" ").ascii(typeName).ascii("\n");
                out.ascii("# HELP ").ascii(name).ascii(" ").escaped(help, true).ascii("\n");
            } else {
                String shown = type == Collector.Type.COUNTER ? name + "_total" : name;
                out.ascii("# HELP ").ascii(shown).ascii(" ").escaped(help, false).ascii("\n");
                out.ascii("# TYPE ").ascii(shown).ascii(" ").ascii(typeName).ascii("\n");
            }
        }

        @Override
        public Family add(double value, String... labelValues) {
            checkOpen();
            if (type == Collector.Type.HISTOGRAM) {
                throw new IllegalStateException("a histogram takes observe(...)");
            }
            Series.checkLabels(name, labelNames, labelValues);
            line(valueName, labelValues, null, value);
            return this;
        }

        @Override
        public Family observed(long[] bucketCounts, double sum, String... labelValues) {
            checkOpen();
            if (type != Collector.Type.HISTOGRAM) {
                throw new IllegalStateException(type + " takes add(...)");
            }
            Series.checkBucketCounts(buckets, bucketCounts);
            Series.checkLabels(name, labelNames, labelValues);
            long cumulative = 0;
            for (int i = 0; i <= buckets.length; i++) {
                cumulative += bucketCounts[i];
                line(bucketName, labelValues, les[i], cumulative);
            }
            line(countName, labelValues, null, cumulative);
            line(sumName, labelValues, null, sum);
            return this;
        }

        private Exposition owner() {
            return Exposition.this;
        }

        private void checkOpen() {
            if (released) {
                throw new IllegalStateException(name + " was sent already: a family is complete at flush()");
            }
        }

        /** A sample built elsewhere, under its own name and labels. */
        void line(String sample, List<String> names, List<String> values, double value) {
            out.ascii(sample);
            for (int i = 0; i < names.size(); i++) {
                out.ascii(i == 0 ? "{" : format == Format.OPENMETRICS ? "," : "").ascii(names.get(i)).ascii("=\"");
                String v = values.get(i);
                out.escaped(v == null ? "" : v, true).bytes(close);
            }
            out.bytes(names.isEmpty() ? SPACE : end).number(value).bytes(NEWLINE);
        }

        /** {@code name{label="value",...} value}: 0.0.4 ends each label with a comma, OpenMetrics separates them. */
        private void line(byte[] sample, String[] values, byte[] le, double value) {
            out.bytes(sample);
            for (int i = 0; i < values.length; i++) {
                String v = values[i];
                out.bytes(opens[i]).escaped(v == null ? "" : v, true).bytes(close);
            }
            if (le != null) {
                out.bytes(openLe).bytes(le).bytes(close);
            }
            out.bytes(values.length == 0 && le == null ? SPACE : end).number(value).bytes(NEWLINE);
        }
    }
}
