package io.ironcore.datastore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * A backup group: namespace + type ({@code vm}, {@code ct}, {@code host}) + id, e.g. {@code ns/prod/vm/12345}.
 */
public record BackupGroup(Namespace namespace, String type, String id) {
    public static final Set<String> TYPES = Set.of("vm", "ct", "host");

    public BackupGroup {
        if (namespace == null) {
            throw new IllegalArgumentException("namespace must not be null (use Namespace.ROOT)");
        }
        if (type == null || !TYPES.contains(type)) {
            throw new IllegalArgumentException("backup group type must be one of " + TYPES + ": " + type);
        }
        Names.checkComponent("backup group id", id, Names.MAX_GROUP_ID_LENGTH);
    }

    public static BackupGroup of(Namespace ns, String type, String id) {
        return new BackupGroup(ns, type, id);
    }

    public static BackupGroup vm(String id) {
        return new BackupGroup(Namespace.ROOT, "vm", id);
    }

    /** Parses the group id form {@code [ns/<a>/ns/<b>/]<type>/<id>}. */
    public static BackupGroup parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("group must not be null");
        }
        String[] parts = s.split("/", -1);
        if (parts.length < 2 || parts.length % 2 != 0) {
            throw new IllegalArgumentException("not a backup group id ([ns/<ns>/...]<type>/<id>): " + s);
        }
        return new BackupGroup(SnapshotRef.parseNamespacePairs(parts, parts.length - 2, s), parts[parts.length - 2],
                parts[parts.length - 1]);
    }

    public SnapshotRef snapshot(Instant time) {
        return new SnapshotRef(this, time);
    }

    Path resolve(Path root) {
        return namespace.resolve(root).resolve(type).resolve(id);
    }

    /** {@code vm/12345} or {@code ns/prod/vm/12345}. */
    @Override
    public String toString() {
        String ns = namespace.relativePath();
        return (ns.isEmpty() ? "" : ns + "/") + type + "/" + id;
    }
}
