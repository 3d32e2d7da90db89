package io.ironcore.eventing.rebuild;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The token of a service's admin endpoints ({@code ironcore.admin.token}, or IRONCORE_ADMIN_TOKEN): given as
 * {@code Authorization: Bearer <token>}, compared in constant time. Without a configured token the endpoints are
 * off.
 */
public final class AdminToken {
    public static final String PROPERTY = "ironcore.admin.token";

    private AdminToken() {
    }

    public enum Check { ALLOWED, NOT_CONFIGURED, NOT_AUTHENTICATED }

    public static Check check(Optional<String> configured, String authorization) {
        if (configured.isEmpty() || configured.get().isBlank()) {
            return Check.NOT_CONFIGURED;
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Check.NOT_AUTHENTICATED;
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        byte[] expected = configured.get().trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected) ? Check.ALLOWED : Check.NOT_AUTHENTICATED;
    }
}
