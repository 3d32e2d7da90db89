package io.ironcore.datastore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** JSON form of manifests (with canonical-JSON checksum) and of backup statistics. */
final class ManifestCodec {
    static final String FORMAT = "ironcore-datastore-manifest";
    static final String FILE = "manifest.json";

    private ManifestCodec() {
    }

    /** Serialises the manifest; the checksum field of {@code m} is ignored and recomputed. Returns the bytes. */
    static byte[] encode(Manifest m) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("version", m.version());
        n.put("snapshot", m.snapshot().toString());
        n.put("jobId", m.jobId());
        n.put("runId", m.runId());
        n.put("mode", m.mode().json());
        n.put("requestedMode", m.requestedMode().json());
        n.put("parent", m.parent() == null ? null : m.parent().toString());
        n.put("chainBase", m.chainBase().toString());
        n.put("startedAt", m.startedAt().toString());
        n.put("finishedAt", m.finishedAt().toString());
        n.put("chunkSize", m.chunkSize());
        n.put("encrypted", m.encrypted());
        n.put("keyFingerprint", m.keyFingerprint());
        ArrayNode imgs = n.putArray("images");
        for (ManifestImage i : m.images()) {
            ObjectNode o = imgs.addObject();
            o.put("name", i.name());
            o.put("size", i.size());
            o.put("chunkCount", i.chunkCount());
            o.put("index", i.indexFile());
            o.put("indexSha256", i.indexSha256());
            o.put("dirtyBitmapUsed", i.dirtyBitmapUsed());
            o.set("stats", statsJson(i.stats()));
        }
        n.set("stats", statsJson(m.stats()));
        n.put("checksum", Json.sha256Hex(Json.canonical(n)));
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String checksumOf(byte[] encoded) throws IOException {
        return Json.MAPPER.readTree(encoded).path("checksum").asText();
    }

    static Manifest decode(byte[] bytes, String what) throws CorruptChunkException {
        try {
            JsonNode tree = Json.MAPPER.readTree(bytes);
            if (!(tree instanceof ObjectNode n) || !FORMAT.equals(n.path("format").asText())) {
                throw new CorruptChunkException(null, what + ": not a manifest");
            }
            int version = n.path("version").asInt(-1);
            if (version != Manifest.VERSION) {
                throw new CorruptChunkException(null, what + ": unsupported manifest version " + version);
            }
            String checksum = n.path("checksum").asText(null);
            ObjectNode copy = n.deepCopy();
            copy.remove("checksum");
            if (checksum == null || !checksum.equals(Json.sha256Hex(Json.canonical(copy)))) {
                throw new CorruptChunkException(null, what + ": manifest checksum mismatch");
            }
            List<ManifestImage> images = new ArrayList<>();
            for (JsonNode o : n.path("images")) {
                if (!o.path("index").asText().equals(o.path("name").asText() + FixedIndexFiles.SUFFIX)) {
                    throw new CorruptChunkException(null, what + ": bad index file name " + o.path("index"));
                }
                images.add(new ManifestImage(Names.checkImageName(o.path("name").asText()), o.path("size").asLong(),
                        o.path("chunkCount").asLong(), o.path("index").asText(), o.path("indexSha256").asText(),
                        o.path("dirtyBitmapUsed").asBoolean(), stats(o.path("stats"))));
            }
            return new Manifest(version, SnapshotRef.parse(n.path("snapshot").asText()), text(n, "jobId"),
                    text(n, "runId"), BackupMode.fromJson(n.path("mode").asText()),
                    BackupMode.fromJson(n.path("requestedMode").asText()), ref(n, "parent"), ref(n, "chainBase"),
                    Instant.parse(n.path("startedAt").asText()), Instant.parse(n.path("finishedAt").asText()),
                    n.path("chunkSize").asInt(), n.path("encrypted").asBoolean(), text(n, "keyFingerprint"), images,
                    stats(n.path("stats")), checksum);
        } catch (CorruptChunkException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptChunkException(null, what + ": unreadable manifest: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static SnapshotRef ref(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : SnapshotRef.parse(s);
    }

    static ObjectNode statsJson(BackupStats s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("bytesTotal", s.bytesTotal());
        o.put("bytesRead", s.bytesRead());
        o.put("bytesChanged", s.bytesChanged());
        o.put("bytesUploaded", s.bytesUploaded());
        o.put("chunksTotal", s.chunksTotal());
        o.put("chunksNew", s.chunksNew());
        o.put("chunksReused", s.chunksReused());
        o.put("chunksZero", s.chunksZero());
        o.put("chunksRepaired", s.chunksRepaired());
        return o;
    }

    static BackupStats stats(JsonNode o) {
        return new BackupStats(o.path("bytesTotal").asLong(), o.path("bytesRead").asLong(),
                o.path("bytesChanged").asLong(), o.path("bytesUploaded").asLong(), o.path("chunksTotal").asLong(),
                o.path("chunksNew").asLong(), o.path("chunksReused").asLong(), o.path("chunksZero").asLong(),
                o.path("chunksRepaired").asLong());
    }
}
