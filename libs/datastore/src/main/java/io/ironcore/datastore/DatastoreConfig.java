package io.ironcore.datastore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;

/**
 * The persisted datastore configuration ({@code .datastore.json}).
 *
 * @param keyFingerprint fingerprint of the encryption key, null for a plain datastore
 */
public record DatastoreConfig(int version, Instant createdAt, int chunkSize, boolean compression, int zstdLevel,
                              String keyFingerprint) {
    public static final int VERSION = 1;
    static final String FILE = ".datastore.json";
    static final String FORMAT = "ironcore-datastore";

    public boolean encrypted() {
        return keyFingerprint != null;
    }

    byte[] encode() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("version", version);
        n.put("createdAt", createdAt.toString());
        n.put("chunkSize", chunkSize);
        n.put("compression", compression ? "zstd" : "none");
        n.put("zstdLevel", zstdLevel);
        if (keyFingerprint == null) {
            n.putNull("encryption");
        } else {
            ObjectNode e = n.putObject("encryption");
            e.put("cipher", "AES-256-GCM");
            e.put("chunkDigest", "HMAC-SHA256");
            e.put("keyFingerprint", keyFingerprint);
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static DatastoreConfig decode(byte[] bytes) throws IOException {
        JsonNode n = Json.MAPPER.readTree(bytes);
        if (!FORMAT.equals(n.path("format").asText())) {
            throw new DatastoreException("not an ironcore datastore config");
        }
        int version = n.path("version").asInt(-1);
        if (version != VERSION) {
            throw new DatastoreException("unsupported datastore format version " + version);
        }
        JsonNode enc = n.path("encryption");
        String fp = enc.isObject() ? enc.path("keyFingerprint").asText() : null;
        int chunkSize = n.path("chunkSize").asInt();
        FixedIndex.checkChunkSize(chunkSize);
        return new DatastoreConfig(version, Instant.parse(n.path("createdAt").asText()), chunkSize,
                "zstd".equals(n.path("compression").asText()), n.path("zstdLevel").asInt(1), fp);
    }
}
