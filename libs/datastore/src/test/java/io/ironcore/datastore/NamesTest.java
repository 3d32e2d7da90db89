package io.ironcore.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void validNamespaces() {
        assertThat(Namespace.parse("").isRoot()).isTrue();
        assertThat(Namespace.parse("prod/eu-1/a.b_c").components()).containsExactly("prod", "eu-1", "a.b_c");
        assertThat(Namespace.parse("a/b/c/d/e/f/g").depth()).isEqualTo(7);
        String c = "x".repeat(256);
        assertThat(Namespace.parse(c).toString()).hasSize(256);
        assertThat(Namespace.of("a", "b").relativePath()).isEqualTo("ns/a/ns/b");
        assertThat(Namespace.of("a", "b").resolve(Path.of("root"))).isEqualTo(Path.of("root", "ns", "a", "ns", "b"));
    }

    @Test
    void rejectsDotDotAndDot() {
        assertThatThrownBy(() -> Namespace.parse("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Namespace.parse("a/../b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Namespace.parse(".")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Namespace.parse(".hidden")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Namespace.of("..")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsDepthEight() {
        assertThatThrownBy(() -> Namespace.parse("a/b/c/d/e/f/g/h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deeper");
        assertThatThrownBy(() -> Namespace.parse("a/b/c/d/e/f/g").child("h"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects257Characters() {
        assertThatThrownBy(() -> Namespace.parse("x".repeat(257))).isInstanceOf(IllegalArgumentException.class);
        // 128 + 1 + 128 = 257 characters over two components
        assertThatThrownBy(() -> Namespace.parse("a".repeat(128) + "/" + "b".repeat(128)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
        assertThat(Namespace.parse("a".repeat(127) + "/" + "b".repeat(128)).toString()).hasSize(256);
    }

    @Test
    void rejectsBadCharacters() {
        for (String bad : List.of("a b", "a\\b", "ä", "a:b", "a*", "-a", "a//b", "/a", "a/", "a\nb", "a%2e")) {
            assertThatThrownBy(() -> Namespace.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Namespace.parse("_a-b.c9").depth()).isEqualTo(1);
    }

    @Test
    void groupAndSnapshotValidation() {
        assertThatThrownBy(() -> BackupGroup.of(Namespace.ROOT, "disk", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackupGroup.vm("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackupGroup.vm("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackupGroup.vm("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotRef(BackupGroup.vm("1"), Instant.parse("2026-11-26T02:00:00.5Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotIdRoundTrips() {
        SnapshotRef root = SnapshotRef.parse("vm/12345/2026-11-26T02:00:00Z");
        assertThat(root.group()).isEqualTo(BackupGroup.vm("12345"));
        assertThat(root.time()).isEqualTo(Instant.parse("2026-11-26T02:00:00Z"));
        assertThat(root.toString()).isEqualTo("vm/12345/2026-11-26T02:00:00Z");

        SnapshotRef nested = SnapshotRef.parse("ns/prod/ns/vm/ct/200/2026-01-02T03:04:05Z");
        assertThat(nested.group().namespace()).isEqualTo(Namespace.of("prod", "vm"));
        assertThat(nested.group().type()).isEqualTo("ct");
        assertThat(nested.group().id()).isEqualTo("200");
        assertThat(nested.toString()).isEqualTo("ns/prod/ns/vm/ct/200/2026-01-02T03:04:05Z");
        assertThat(SnapshotRef.parse(nested.toString())).isEqualTo(nested);
        assertThat(nested.resolve(Path.of("ds")))
                .isEqualTo(Path.of("ds", "ns", "prod", "ns", "vm", "ct", "200", "2026-01-02T03:04:05Z"));

        assertThat(BackupGroup.parse("ns/a/host/web01")).isEqualTo(BackupGroup.of(Namespace.of("a"), "host", "web01"));
        assertThat(BackupGroup.parse("vm/1").toString()).isEqualTo("vm/1");
    }

    @Test
    void snapshotIdRejectsMalformed() {
        for (String bad : List.of("", "vm/1", "vm/1/2026-11-26T02:00:00", "vm/1/2026-11-26 02:00:00Z",
                "vm/1/2026-11-26T02:00:00.000Z", "vm/1/2026-02-30T02:00:00Z", "x/a/vm/1/2026-11-26T02:00:00Z",
                "ns/../vm/1/2026-11-26T02:00:00Z", "ns/a/vm/../2026-11-26T02:00:00Z", "vm/1/2026-11-26T02:00:00+01:00",
                "/vm/1/2026-11-26T02:00:00Z", "ns/a/ns/b/ns/c/ns/d/ns/e/ns/f/ns/g/ns/h/vm/1/2026-11-26T02:00:00Z",
                "vm/1/2026-11-26T02:00:00Z/")) {
            assertThatThrownBy(() -> SnapshotRef.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void snapshotRefsSortByTime() {
        BackupGroup g = BackupGroup.vm("1");
        SnapshotRef a = g.snapshot(Instant.parse("2026-01-01T00:00:00Z"));
        SnapshotRef b = g.snapshot(Instant.parse("2026-01-02T00:00:00Z"));
        List<SnapshotRef> l = new java.util.ArrayList<>(List.of(b, a));
        Collections.sort(l);
        assertThat(l).containsExactly(a, b);
    }

    @Test
    void imageNamesValidated() {
        assertThatThrownBy(() -> new ArraySourceName("../x").check()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArraySourceName("a/b").check()).isInstanceOf(IllegalArgumentException.class);
        assertThat(FixedIndexFiles.fileName("drive-scsi0")).isEqualTo("drive-scsi0.fidx");
    }

    private record ArraySourceName(String name) {
        void check() {
            Names.checkImageName(name);
        }
    }
}
