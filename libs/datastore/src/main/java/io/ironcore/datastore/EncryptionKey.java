package io.ironcore.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit master key of an encrypted datastore. Chunk encryption (AES-256-GCM) and chunk naming (HMAC-SHA256)
 * use sub-keys derived with HKDF-SHA256. Keyfiles are JSON and not passphrase-protected: store them like a secret.
 */
public final class EncryptionKey {
    static final String INFO_ENC = "ironcore-datastore v1 chunk encryption";
    static final String INFO_ID = "ironcore-datastore v1 chunk id";
    static final String INFO_FP = "ironcore-datastore v1 key fingerprint";

    private final byte[] master;

    private EncryptionKey(byte[] master) {
        if (master.length != 32) {
            throw new IllegalArgumentException("an encryption key has 32 bytes");
        }
        this.master = master.clone();
    }

    public static EncryptionKey generate() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new EncryptionKey(k);
    }

    public static EncryptionKey of(byte[] key) {
        return new EncryptionKey(key);
    }

    /** Short hex id of the key (derived, does not reveal the key); stored in the datastore config. */
    public String fingerprint() {
        return HexFormat.of().formatHex(Arrays.copyOf(derive(INFO_FP), 16));
    }

    byte[] derive(String info) {
        return hkdf(master, info.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the keyfile with mode 0600 (fails if it exists). */
    public void save(Path keyfile) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("kind", "ironcore-datastore-key");
        n.put("version", 1);
        n.put("createdAt", Instant.now().toString());
        n.put("fingerprint", fingerprint());
        n.put("key", Base64.getEncoder().encodeToString(master));
        byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        if (Files.exists(keyfile)) {
            throw new FileAlreadyExistsException(keyfile.toString());
        }
        try {
            Files.createFile(keyfile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(keyfile);
        }
        Files.write(keyfile, bytes);
    }

    public static EncryptionKey load(Path keyfile) throws IOException {
        JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(keyfile));
        if (!"ironcore-datastore-key".equals(n.path("kind").asText()) || n.path("version").asInt() != 1) {
            throw new IOException("not an ironcore datastore keyfile (version 1): " + keyfile);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(n.path("key").asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("bad key in keyfile " + keyfile, e);
        }
        if (key.length != 32) {
            throw new IOException("bad key length in keyfile " + keyfile);
        }
        EncryptionKey k = new EncryptionKey(key);
        String fp = n.path("fingerprint").asText(null);
        if (fp != null && !fp.equals(k.fingerprint())) {
            throw new IOException("keyfile fingerprint does not match its key: " + keyfile);
        }
        return k;
    }

    /** HKDF-SHA256 (RFC 5869) with an empty salt, 32 bytes of output. */
    static byte[] hkdf(byte[] ikm, byte[] info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(info);
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "EncryptionKey[" + fingerprint() + "]";
    }
}
