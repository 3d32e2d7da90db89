package io.ironcore.events.job;

import java.util.Objects;
import java.util.Optional;

/**
 * A recipient of a notification group ({@link JobSpec#notificationTargets()}): an http(s) webhook URL or an email
 * address, optionally as {@code mailto:}. The one reading of a target string, for both ends:
 * <ul>
 *   <li>what the API accepts: not blank, at most {@link #MAX_LENGTH} characters, matching {@link #PATTERN}; a value
 *       that {@link #namesUrl names a URL} must also pass the egress policy (job-service);</li>
 *   <li>{@link #parse}: what a target is wherever it is used (notification-service, for the targets the job events
 *       carry, which may predate the API's checks); the sender checks a webhook against the egress policy again
 *       before every delivery.</li>
 * </ul>
 */
public final class NotificationTarget {
    /** The grammar the API accepts: an http(s) URL without user info, or an address with a dot in its domain. */
    public static final String PATTERN =
            "(https?://[^\\s/?#@]+(/[^\\s]*)?|(mailto:)?[^\\s@:/]+@[^\\s@:/]+\\.[^\\s@:/]+)";
    /** The API's answer to a value that does not match {@link #PATTERN}. */
    public static final String MESSAGE = "must be an http(s) webhook URL or an email address";
    public static final int MAX_LENGTH = 2048;

    private static final String MAILTO = "mailto:";

    public enum Kind { WEBHOOK, EMAIL }

    private final Kind kind;
    private final String value;

    private NotificationTarget(Kind kind, String value) {
        this.kind = kind;
        this.value = value;
    }

    /**
     * Reads a target: a webhook when it starts with {@code http://} or {@code https://}, an email address when it has
     * an {@code @} after its first character; else empty (neither: a target to skip).
     */
    public static Optional<NotificationTarget> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.startsWith("http://") || value.startsWith("https://")) {
            return Optional.of(new NotificationTarget(Kind.WEBHOOK, value));
        }
        if (value.indexOf('@') > 0) {
            return Optional.of(new NotificationTarget(Kind.EMAIL, value));
        }
        return Optional.empty();
    }

    /**
     * Whether the value is meant as a URL ({@code http} in any case, then {@code ://} somewhere): the API checks such
     * a value against the egress policy even when {@link #PATTERN} refuses it, so that its answer names the policy's
     * reason too.
     */
    public static boolean namesUrl(String value) {
        return value != null && value.regionMatches(true, 0, "http", 0, 4) && value.contains("://");
    }

    public Kind kind() {
        return kind;
    }

    /** The target as it was given (and as it is recorded). */
    public String value() {
        return value;
    }

    /** An email target's address, without {@code mailto:}. */
    public String address() {
        if (kind != Kind.EMAIL) {
            throw new IllegalStateException(value + " is not an email address");
        }
        return value.startsWith(MAILTO) ? value.substring(MAILTO.length()) : value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationTarget t && kind == t.kind && value.equals(t.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
