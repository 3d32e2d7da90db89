package io.ironcore.jobs.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * An API token of a user. Only its SHA-256 is stored: a token is 192 random bits, so a fast hash is enough and a
 * leaked table gives nobody a token. The token is shown once, when it is created.
 */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {
    public static final String PREFIX = "ick_";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    public UUID id;
    public String userName;
    public String name;
    public byte[] tokenHash;
    public Instant createdAt;
    public Instant lastUsedAt;
    public Instant revokedAt;

    public static String newSecret() {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        return PREFIX + HexFormat.of().formatHex(raw);
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ApiToken findActive(String token) {
        return find("tokenHash = ?1 and revokedAt is null", (Object) hash(token)).firstResult();
    }
}
