package io.ironcore.datastore;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Identifies one snapshot. Its string form (the "snapshot id") is the snapshot's path relative to the datastore
 * root: {@code vm/12345/2026-11-26T02:00:00Z} in the root namespace, {@code ns/prod/ns/eu/vm/12345/2026-11-26T02:00:00Z}
 * in namespace {@code prod/eu}.
 */
public record SnapshotRef(BackupGroup group, Instant time) implements Comparable<SnapshotRef> {

    public SnapshotRef {
        if (group == null || time == null) {
            throw new IllegalArgumentException("group and time are required");
        }
        if (!time.truncatedTo(ChronoUnit.SECONDS).equals(time)) {
            throw new IllegalArgumentException("snapshot time must be whole seconds: " + time);
        }
        if (time.getEpochSecond() < 0 || time.getEpochSecond() > 253402300799L) {
            throw new IllegalArgumentException("snapshot time out of range: " + time);
        }
    }

    /** Parses and validates a snapshot id ({@code [ns/<a>/...]<type>/<id>/<yyyy-MM-ddTHH:mm:ssZ>}). */
    public static SnapshotRef parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("snapshot id must not be null");
        }
        String[] parts = s.split("/", -1);
        if (parts.length < 3 || parts.length % 2 != 1) {
            throw new IllegalArgumentException("not a snapshot id ([ns/<ns>/...]<type>/<id>/<time>): " + s);
        }
        int n = parts.length;
        Namespace ns = parseNamespacePairs(parts, n - 3, s);
        BackupGroup g = new BackupGroup(ns, parts[n - 3], parts[n - 2]);
        return new SnapshotRef(g, Names.parseTime(parts[n - 1]));
    }

    static Namespace parseNamespacePairs(String[] parts, int end, String whole) {
        List<String> comps = new ArrayList<>();
        for (int i = 0; i < end; i += 2) {
            if (!parts[i].equals("ns")) {
                throw new IllegalArgumentException("expected 'ns/<component>' pairs before the group in: " + whole);
            }
            comps.add(parts[i + 1]);
        }
        return new Namespace(comps);
    }

    public String timeString() {
        return Names.formatTime(time);
    }

    Path resolve(Path root) {
        return group.resolve(root).resolve(timeString());
    }

    @Override
    public int compareTo(SnapshotRef o) {
        int c = group.toString().compareTo(o.group.toString());
        return c != 0 ? c : time.compareTo(o.time);
    }

    @Override
    public String toString() {
        return group + "/" + timeString();
    }
}
