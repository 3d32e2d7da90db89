package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline commands (backup, restore, verify) in-process, through {@link IroncoreBackup#run}, on a small image with
 * the default 4 MiB chunks: chunk 0 random (stored raw), chunk 1 zeros, chunk 2 a short text-like tail.
 */
class OfflineCommandsTest {
    static final int MIB = 1024 * 1024;
    static final int CHUNK = 4 * MIB;
    /** Raw chunk blob = 16-byte header + the data (random data does not compress). */
    static final int HEADER = 16;

    @TempDir
    Path tmp;
    Path store;
    Path image;
    byte[] data;

    record Result(int code, String out, String err) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(out);
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IroncoreBackup.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void image() throws IOException {
        store = tmp.resolve("store");
        image = tmp.resolve("disk.raw");
        data = new byte[2 * CHUNK + 2 * MIB + 123];
        Random r = new Random(7);
        byte[] random = new byte[CHUNK];
        r.nextBytes(random);
        System.arraycopy(random, 0, data, 0, CHUNK);
        byte[] text = text(r, data.length - 2 * CHUNK);
        System.arraycopy(text, 0, data, 2 * CHUNK, text.length);
        Files.write(image, data);
    }

    private static byte[] text(Random r, int n) {
        String[] words = ("backup restore verify chunk index manifest datastore snapshot namespace kernel disk image "
                + "block device volume prune garbage collector writer lease heartbeat compression").split(" ");
        StringBuilder sb = new StringBuilder(n + 32);
        while (sb.length() < n) {
            sb.append(words[r.nextInt(words.length)]).append(r.nextInt(10) == 0 ? ".\n" : " ");
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    private Result backup(String... extra) {
        String[] base = {"backup", "--datastore", store.toString(), "--id", "12345", "--image", image.toString(),
                "--output", "json"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return run(args);
    }

    private static String sha256(byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, off, len);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path chunkFile(String hex) {
        return store.resolve(".chunks").resolve(hex.substring(0, 4)).resolve(hex);
    }

    private long chunkBytesOnDisk() throws IOException {
        try (Stream<Path> s = Files.walk(store.resolve(".chunks"))) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private void changeFirstChunk() throws IOException {
        data[1000] ^= 0x5a;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(data, 1000, 1), 1000);
        }
    }

    private static void assertOneErrorLine(Result r, String contains) {
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("ironcore-backup: ").contains(contains);
    }

    // ------------------------------------------------------------------ backup

    @Test
    void fullThenIncrementalAfterOneChunkChanged() throws IOException {
        Result first = backup("--no-fsync");
        assertThat(first.code()).as(first.err()).isZero();
        JsonNode f = first.json();
        assertThat(f.path("snapshot").asText()).matches("vm/12345/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(f.path("mode").asText()).isEqualTo("full"); // nothing to compare with yet
        assertThat(f.path("requestedMode").asText()).isEqualTo("incremental");
        assertThat(f.path("fsync").asBoolean()).isFalse();
        assertThat(f.path("bytesTotal").asLong()).isEqualTo(data.length);
        assertThat(f.path("bytesRead").asLong()).isEqualTo(data.length);
        assertThat(f.path("bytesChanged").asLong()).isEqualTo(data.length);
        assertThat(f.path("chunksTotal").asLong()).isEqualTo(3);
        assertThat(f.path("chunksZero").asLong()).isEqualTo(1);
        assertThat(f.path("chunksNew").asLong()).isEqualTo(2);
        assertThat(f.path("chunksReused").asLong()).isZero();
        // every byte written is in the chunk files: the raw random chunk, the zero chunk, the compressed text
        assertThat(f.path("bytesUploaded").asLong()).isEqualTo(chunkBytesOnDisk());
        assertThat(Files.size(chunkFile(sha256(data, 0, CHUNK)))).isEqualTo(CHUNK + HEADER);
        assertThat(f.path("seconds").isNumber()).isTrue();
        assertThat(f.path("mbPerSecond").isNumber()).isTrue();
        assertThat(Files.isRegularFile(store.resolve(".datastore.json"))).isTrue();

        changeFirstChunk();
        Result second = backup("--mode", "incremental");
        assertThat(second.code()).as(second.err()).isZero();
        JsonNode s = second.json();
        assertThat(s.path("mode").asText()).isEqualTo("incremental");
        assertThat(s.path("parent").asText()).isEqualTo(f.path("snapshot").asText());
        assertThat(s.path("snapshot").asText()).isNotEqualTo(f.path("snapshot").asText());
        assertThat(s.path("fsync").asBoolean()).isTrue();
        assertThat(s.path("bytesTotal").asLong()).isEqualTo(data.length);
        assertThat(s.path("bytesRead").asLong()).isEqualTo(data.length);
        assertThat(s.path("bytesChanged").asLong()).isEqualTo(CHUNK);
        assertThat(s.path("bytesUploaded").asLong()).isEqualTo(CHUNK + HEADER);
        assertThat(s.path("chunksTotal").asLong()).isEqualTo(3);
        assertThat(s.path("chunksNew").asLong()).isEqualTo(1);
        assertThat(s.path("chunksReused").asLong()).isEqualTo(1);
        assertThat(s.path("chunksZero").asLong()).isEqualTo(1);
        assertThat(s.path("chunksRepaired").asLong()).isZero();
        assertThat(Files.size(chunkFile(sha256(data, 0, CHUNK)))).isEqualTo(CHUNK + HEADER);

        Result full = backup("--mode", "full");
        assertThat(full.code()).as(full.err()).isZero();
        JsonNode u = full.json();
        assertThat(u.path("mode").asText()).isEqualTo("full");
        assertThat(u.path("bytesChanged").asLong()).isZero();
        assertThat(u.path("bytesUploaded").asLong()).isZero();
        assertThat(u.path("chunksReused").asLong()).isEqualTo(2);
    }

    @Test
    void dirtyRangesLimitTheReadsToTheChunksTheyTouch() throws IOException {
        String first = backup().json().path("snapshot").asText();
        byte[] original = data.clone();
        changeFirstChunk(); // byte 1000
        Path ranges = tmp.resolve("dirty.txt");
        Files.writeString(ranges, "# written since the first backup\n\n990 20   # around byte 1000\n");

        Result second = backup("--dirty-ranges", ranges.toString(), "--dirty-since", first);
        assertThat(second.code()).as(second.err()).isZero();
        JsonNode s = second.json();
        assertThat(s.path("dirtyBitmapUsed").asBoolean()).isTrue();
        assertThat(s.path("bytesRead").asLong()).isEqualTo(CHUNK); // chunk 0 only
        assertThat(s.path("bytesChanged").asLong()).isEqualTo(CHUNK);
        assertThat(s.path("chunksNew").asLong()).isEqualTo(1);
        String secondId = s.path("snapshot").asText();

        // a bitmap relative to another snapshot than the parent is not used: everything is read
        java.io.InputStream stdin = System.in;
        Result third;
        try {
            System.setIn(new java.io.ByteArrayInputStream("0 1\n".getBytes(StandardCharsets.US_ASCII)));
            third = backup("--dirty-ranges", "-", "--dirty-since", first);
        } finally {
            System.setIn(stdin);
        }
        assertThat(third.code()).as(third.err()).isZero();
        assertThat(third.json().path("dirtyBitmapUsed").asBoolean()).isFalse();
        assertThat(third.json().path("bytesRead").asLong()).isEqualTo(data.length);

        Path t = tmp.resolve("restored.raw");
        assertThat(run("restore", "--snapshot", secondId, "--target", t.toString(), "--datastore",
                store.toString()).code()).isZero();
        assertThat(Files.readAllBytes(t)).isEqualTo(data).isNotEqualTo(original);
    }

    @Test
    void badDirtyRangesAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path ranges = tmp.resolve("dirty.txt");
        String since = "vm/12345/2026-11-26T02:00:00Z";
        Files.writeString(ranges, "0 4096\n");
        assertOneErrorLine(backup("--dirty-ranges", ranges.toString()), "go together");
        assertOneErrorLine(backup("--dirty-since", since), "go together");
        assertOneErrorLine(backup("--dirty-ranges", ranges.toString(), "--dirty-since", "vm/12345/yesterday"),
                "--dirty-since");
        for (String bad : new String[] {"12", "a b", "0 1 2", "-1 5", "0 -5", "0 " + (data.length + 1L),
                data.length + " 1"}) {
            Files.writeString(ranges, "0 10\n" + bad + "\n");
            Result r = backup("--dirty-ranges", ranges.toString(), "--dirty-since", since);
            assertThat(r.code()).as(bad).isEqualTo(ExitCodes.INVALID);
            assertOneErrorLine(r, "--dirty-ranges line 2: ");
        }
        assertThat(backup("--dirty-ranges", tmp.resolve("missing.txt").toString(), "--dirty-since", since).code())
                .isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(store).doesNotExist();
    }

    @Test
    void textOutputAndNamespace() {
        Result r = run("backup", "--datastore", store.toString(), "--id", "12345", "--image", image.toString(),
                "--namespace", "prod/eu", "--image-name", "drive-virtio1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("snapshot").contains("ns/prod/ns/eu/vm/12345/").contains("drive-virtio1")
                .contains("3 total: 2 new, 0 reused, 1 zero").contains("MB/s");
        assertThat(store.resolve("ns/prod/ns/eu/vm/12345")).isDirectory();
    }

    // ------------------------------------------------------------------ restore

    @Test
    void restoresByteIdentical() throws IOException {
        String first = backup().json().path("snapshot").asText();
        byte[] original = data.clone();
        changeFirstChunk();
        String second = backup().json().path("snapshot").asText();

        Path t1 = tmp.resolve("restored-1.raw");
        Result r1 = run("restore", "--snapshot", first, "--target", t1.toString(), "--datastore", store.toString(),
                "--output", "json");
        assertThat(r1.code()).as(r1.err()).isZero();
        assertThat(r1.json().path("bytes").asLong()).isEqualTo(data.length);
        assertThat(r1.json().path("image").asText()).isEqualTo("drive-scsi0");
        assertThat(Files.readAllBytes(t1)).isEqualTo(original);

        Path t2 = tmp.resolve("restored-2.raw");
        Result r2 = run("restore", "--snapshot", second, "--target", t2.toString(), "--datastore", store.toString(),
                "--image", "drive-scsi0");
        assertThat(r2.code()).as(r2.err()).isZero();
        assertThat(r2.out()).startsWith("restored drive-scsi0 of " + second);
        assertThat(Files.readAllBytes(t2)).isEqualTo(data);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".restore-"));
        }
    }

    @Test
    void refusesAnExistingTargetUnlessForced() throws IOException {
        String snap = backup().json().path("snapshot").asText();
        Path target = tmp.resolve("existing.raw");
        Files.writeString(target, "keep me");

        Result refused = run("restore", "--snapshot", snap, "--target", target.toString(), "--datastore",
                store.toString());
        assertThat(refused.code()).isEqualTo(ExitCodes.CONFLICT);
        assertOneErrorLine(refused, "--force");
        assertThat(refused.out()).isEmpty();
        assertThat(Files.readString(target)).isEqualTo("keep me");

        Result forced = run("restore", "--snapshot", snap, "--target", target.toString(), "--datastore",
                store.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
    }

    // ------------------------------------------------------------------ verify

    @Test
    void verifyCleanThenCorruptChunkThenRepairedByFullBackup() throws IOException {
        String snap = backup().json().path("snapshot").asText();

        Result clean = run("verify", "--datastore", store.toString(), "--output", "json");
        assertThat(clean.code()).as(clean.err()).isZero();
        assertThat(clean.err()).isEmpty();
        JsonNode c = clean.json();
        assertThat(c.path("ok").asBoolean()).isTrue();
        assertThat(c.path("snapshotsChecked").asInt()).isEqualTo(1);
        assertThat(c.path("distinctChunksChecked").asLong()).isEqualTo(3);
        assertThat(c.path("snapshots").get(0).path("state").asText()).isEqualTo("ok");
        assertThat(c.path("corruptChunks")).isEmpty();
        Result cleanText = run("verify", "--datastore", store.toString(), "--snapshot", snap);
        assertThat(cleanText.code()).isZero();
        assertThat(cleanText.out()).contains(snap).contains("ok");

        String hex = sha256(data, 0, CHUNK);
        Path chunk = chunkFile(hex);
        try (FileChannel ch = FileChannel.open(chunk, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, HEADER + 4096);
            b.put(0, (byte) (b.get(0) ^ 1)).rewind();
            ch.write(b, HEADER + 4096);
        }

        Result bad = run("verify", "--datastore", store.toString(), "--snapshot", snap, "--output", "json");
        assertThat(bad.code()).isEqualTo(ExitCodes.FAILED);
        assertOneErrorLine(bad, "1 corrupt");
        JsonNode v = bad.json();
        assertThat(v.path("ok").asBoolean()).isFalse();
        assertThat(v.path("corruptChunks").toString()).isEqualTo("[\"" + hex + "\"]");
        assertThat(v.path("missingChunks")).isEmpty();
        assertThat(v.path("snapshots").get(0).path("state").asText()).isEqualTo("failed");
        assertThat(store.resolve(snap).resolve("verify-state.json")).content().contains("failed").contains(hex);

        Result badText = run("verify", "--datastore", store.toString());
        assertThat(badText.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(badText.out()).contains("corrupt chunk " + hex + " in " + snap).contains("FAILED");

        // the snapshot is marked: the next incremental backup turns full and rewrites the chunk
        JsonNode repaired = backup().json();
        assertThat(repaired.path("mode").asText()).isEqualTo("full");
        assertThat(repaired.path("requestedMode").asText()).isEqualTo("incremental");
        assertThat(repaired.path("chunksRepaired").asLong()).isEqualTo(1);
        assertThat(run("verify", "--datastore", store.toString()).code()).isZero();
    }

    @Test
    void missingChunkIsReported() throws IOException {
        String snap = backup().json().path("snapshot").asText();
        String hex = sha256(data, 0, CHUNK);
        Files.delete(chunkFile(hex));
        Result r = run("verify", "--datastore", store.toString(), "--output", "json");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertOneErrorLine(r, "1 missing");
        assertThat(r.json().path("missingChunks").toString()).isEqualTo("[\"" + hex + "\"]");
        assertThat(r.json().path("snapshots").get(0).path("snapshot").asText()).isEqualTo(snap);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void missingImage() {
        Result r = run("backup", "--datastore", store.toString(), "--id", "12345", "--image",
                tmp.resolve("nope.raw").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertOneErrorLine(r, "nope.raw");
        assertThat(r.out()).isEmpty();
        assertThat(store).doesNotExist(); // nothing created for a backup that cannot start
    }

    @Test
    void badNamespaceAndIdAndImageName() {
        Result ns = backup("--namespace", "../x");
        assertThat(ns.code()).isEqualTo(ExitCodes.INVALID);
        assertOneErrorLine(ns, "namespace");
        assertThat(store).doesNotExist();

        Result id = run("backup", "--datastore", store.toString(), "--id", "../12345", "--image", image.toString());
        assertThat(id.code()).isEqualTo(ExitCodes.INVALID);
        assertOneErrorLine(id, "backup group id");

        Result name = backup("--image-name", "drive/scsi0");
        assertThat(name.code()).isEqualTo(ExitCodes.INVALID);
        assertOneErrorLine(name, "image name");
        assertThat(store).doesNotExist();
    }

    @Test
    void badFlags() {
        Result mode = backup("--mode", "differential");
        assertThat(mode.code()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(mode, "--mode");

        Result output = backup("--output", "yaml");
        assertThat(output.code()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(output, "--output");

        Result missing = run("backup", "--datastore", store.toString(), "--image", image.toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(missing, "--id");

        Result unknown = run("verify", "--datastore", store.toString(), "--deep");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(unknown, "--deep");

        Result noStore = run("restore", "--snapshot", "vm/1/2026-01-01T00:00:00Z", "--target",
                tmp.resolve("t").toString());
        assertThat(noStore.code()).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine(noStore, "--datastore");
    }

    @Test
    void unknownAndMalformedSnapshots() throws IOException {
        String snap = backup().json().path("snapshot").asText();
        Path target = tmp.resolve("out.raw");

        Result unknown = run("restore", "--snapshot", "vm/12345/2001-01-01T00:00:00Z", "--target",
                target.toString(), "--datastore", store.toString());
        assertThat(unknown.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertOneErrorLine(unknown, "vm/12345/2001-01-01T00:00:00Z");
        assertThat(target).doesNotExist();

        Result otherGroup = run("verify", "--datastore", store.toString(), "--snapshot",
                "vm/999/2001-01-01T00:00:00Z");
        assertThat(otherGroup.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertOneErrorLine(otherGroup, "no such snapshot");

        Result noImage = run("restore", "--snapshot", snap, "--target", target.toString(), "--datastore",
                store.toString(), "--image", "drive-scsi1");
        assertThat(noImage.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertOneErrorLine(noImage, "drive-scsi1");
        assertThat(target).doesNotExist();

        Result malformed = run("restore", "--snapshot", "vm/12345/yesterday", "--target", target.toString(),
                "--datastore", store.toString());
        assertThat(malformed.code()).isEqualTo(ExitCodes.INVALID);
        assertOneErrorLine(malformed, "--snapshot");

        Result escape = run("verify", "--datastore", store.toString(), "--snapshot",
                "ns/../vm/12345/2001-01-01T00:00:00Z");
        assertThat(escape.code()).isEqualTo(ExitCodes.INVALID);
        assertOneErrorLine(escape, "--snapshot");
    }

    @Test
    void notADatastore() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "not a datastore");

        Result backup = run("backup", "--datastore", other.toString(), "--id", "1", "--image", image.toString());
        assertThat(backup.code()).isEqualTo(ExitCodes.INVALID);
        assertOneErrorLine(backup, "neither a datastore nor empty");
        try (Stream<Path> s = Files.list(other)) {
            assertThat(s.count()).isEqualTo(1);
        }

        Result verify = run("verify", "--datastore", tmp.resolve("absent").toString());
        assertThat(verify.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertOneErrorLine(verify, "not a datastore");

        Result restore = run("restore", "--snapshot", "vm/1/2026-01-01T00:00:00Z", "--target",
                tmp.resolve("t.raw").toString(), "--datastore", other.toString());
        assertThat(restore.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertOneErrorLine(restore, "not a datastore");
    }

    @Test
    void emptyDirectoryBecomesADatastore() throws IOException {
        Files.createDirectories(store);
        Result r = backup();
        assertThat(r.code()).as(r.err()).isZero();
        Result v = run("verify", "--datastore", store.toString());
        assertThat(v.code()).isZero();
    }

    // ------------------------------------------------------------------ sync

    @Test
    void syncCopiesTheFullSnapshotsToAnotherDatastoreWhereTheyRestoreAndASecondSyncCopiesNothing() throws IOException {
        assertThat(backup("--mode", "full").code()).isZero();
        Path site = tmp.resolve("site");

        Result first = run("sync", "--from", store.toString(), "--to", site.toString(), "--to-namespace", "archive",
                "--retention", "keep-weekly=52", "--output", "json");

        assertThat(first.code()).as(first.err()).isZero();
        JsonNode j = first.json();
        assertThat(j.get("copied")).hasSize(1);
        String copy = j.get("copied").get(0).get("snapshotId").asText();
        assertThat(copy).startsWith("ns/archive/vm/12345/");
        assertThat(j.get("chunksCopied").asLong()).isEqualTo(3);
        assertThat(j.get("failures")).isEmpty();
        Path restored = tmp.resolve("restored.raw");
        Result r = run("restore", "--datastore", site.toString(), "--snapshot", copy, "--target", restored.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(restored)).isEqualTo(data);

        Result again = run("sync", "--from", store.toString(), "--to", site.toString(), "--to-namespace", "archive");
        assertThat(again.code()).isZero();
        assertThat(again.out()).startsWith("0 copied, 1 already there, 0 removed");
    }

    @Test
    void syncRefusesBadInputWithOneLineAndACorruptChunkIsNotCopied() throws IOException {
        assertThat(backup().code()).isZero();
        Path site = tmp.resolve("site");
        Result bad = run("sync", "--from", store.toString(), "--to", site.toString(), "--retention", "keep-bogus=1");
        assertThat(bad.code()).isEqualTo(ExitCodes.INVALID);
        assertOneErrorLine(bad, "--retention");
        assertThat(site).doesNotExist();
        Result missing = run("sync", "--from", tmp.resolve("nothing").toString(), "--to", site.toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertOneErrorLine(missing, "not a datastore");

        Path chunk = chunkFile(sha256(data, 0, CHUNK));
        byte[] blob = Files.readAllBytes(chunk);
        blob[blob.length / 2] ^= 0x5a;
        Files.write(chunk, blob);
        Result corrupt = run("sync", "--from", store.toString(), "--to", site.toString());
        assertThat(corrupt.code()).isEqualTo(ExitCodes.FAILED);
        assertOneErrorLine(corrupt, "sync failed for 1 snapshot(s)");
        assertThat(run("verify", "--datastore", site.toString()).out()).contains("no snapshots to verify");
    }
}
