package io.ironcore.events.job;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recipient of a notification group ({@link JobSpec#notificationTargets()}): an http(s) webhook URL, an email
 * address (optionally as {@code mailto:}), or a metric server (like Proxmox Backup Server's):
 * <ul>
 *   <li>{@code influxdb://[user:password@]host:port/DATABASE} (InfluxDB 1.x, {@code POST /write}; {@code influxdbs://}
 *       over https);</li>
 *   <li>{@code influxdb2://[:token@]host:port/ORG/BUCKET} (InfluxDB 2.x, {@code POST /api/v2/write},
 *       {@code Authorization: Token}; {@code influxdb2s://} over https);</li>
 *   <li>{@code graphite://host:port[/prefix]} (Graphite's plaintext protocol over TCP).</li>
 * </ul>
 * The one reading of a target string, for both ends:
 * <ul>
 *   <li>what the API accepts: not blank, at most {@link #MAX_LENGTH} characters, matching {@link #PATTERN} (webhooks
 *       and addresses); a value that {@link #namesUrl names a URL} must also pass the egress policy (job-service).
 *       {@link #problem} is the whole check, metric servers included, with a message naming what is wrong;</li>
 *   <li>{@link #parse}: what a target is wherever it is used (notification-service, for the targets the job events
 *       carry, which may predate the API's checks); the sender checks a webhook's or metric server's address against
 *       the egress policy again before every delivery.</li>
 * </ul>
 */
public final class NotificationTarget {
    /** The grammar the API accepts: an http(s) URL without user info, or an address with a dot in its domain. */
    public static final String PATTERN =
            "(https?://[^\\s/?#@]+(/[^\\s]*)?|(mailto:)?[^\\s@:/]+@[^\\s@:/]+\\.[^\\s@:/]+)";
    /** The API's answer to a value that does not match {@link #PATTERN}. */
    public static final String MESSAGE = "must be an http(s) webhook URL or an email address";
    /** The answer of {@link #problem} to a value that is none of the kinds, metric servers included. */
    public static final String ANY_MESSAGE = "must be an http(s) webhook URL, an email address or a metric server "
            + "(influxdb://[user:password@]host:port/DATABASE, influxdb2://[:token@]host:port/ORG/BUCKET, "
            + "graphite://host:port[/prefix])";
    public static final int MAX_LENGTH = 2048;

    private static final String MAILTO = "mailto:";
    private static final Pattern GRAMMAR = Pattern.compile(PATTERN);
    /** A host name (labels of letters, digits and hyphens), an IPv4 address, or an IPv6 literal in brackets. */
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\]");
    /** A database, organization, bucket or Graphite prefix: letters, digits, '_', '-' and '.'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
    private static final Pattern HOST_PORT = Pattern.compile("(?<host>[^:]+|\\[[^]]*\\]):(?<port>[0-9]{1,5})");

    public enum Kind { WEBHOOK, EMAIL, INFLUXDB, GRAPHITE }

    /**
     * A metric server target, read strictly.
     *
     * @param version  1 or 2 for InfluxDB, 0 for Graphite
     * @param https    whether InfluxDB is reached over https
     * @param database InfluxDB 1.x's database
     * @param org      InfluxDB 2.x's organization
     * @param bucket   InfluxDB 2.x's bucket
     * @param user     InfluxDB 1.x's user (basic auth), absent without one
     * @param password InfluxDB 1.x's password
     * @param token    InfluxDB 2.x's API token, absent without one
     * @param prefix   Graphite's path prefix, absent without one
     */
    public record MetricServer(Kind kind, int version, boolean https, String host, int port, String database,
                               String org, String bucket, String user, String password, String token,
                               String prefix) {
        /**
         * The address as an http(s) URL without credentials, for the egress policy ({@code http://host:port/} for
         * Graphite too: the policy checks the host and the port).
         */
        public String egressUrl() {
            return (https ? "https" : "http") + "://" + host + ":" + port + "/";
        }
    }

    private final Kind kind;
    private final String value;
    private final MetricServer metric;

    private NotificationTarget(Kind kind, String value, MetricServer metric) {
        this.kind = kind;
        this.value = value;
        this.metric = metric;
    }

    /**
     * Reads a target: a metric server when it starts with {@code influxdb://}, {@code influxdbs://},
     * {@code influxdb2://}, {@code influxdb2s://} or {@code graphite://} and is well formed ({@link #problem} says
     * what is wrong otherwise); a webhook when it starts with {@code http://} or {@code https://}; an email address
     * when it has an {@code @} after its first character; else empty (a target to skip).
     */
    public static Optional<NotificationTarget> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (metricScheme(value) != null) {
            try {
                return Optional.of(new NotificationTarget(metricKind(value), value, metric(value)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (value.startsWith("http://") || value.startsWith("https://")) {
            return Optional.of(new NotificationTarget(Kind.WEBHOOK, value, null));
        }
        if (value.indexOf('@') > 0) {
            return Optional.of(new NotificationTarget(Kind.EMAIL, value, null));
        }
        return Optional.empty();
    }

    /**
     * What is wrong with a target as the API reads it, or empty when it is a valid one: a webhook URL or an address
     * matching {@link #PATTERN}, or a well-formed metric server. The message says what is wrong (for a metric server,
     * which part). A webhook URL must also pass the egress policy; so must a metric server's
     * {@link MetricServer#egressUrl()}.
     */
    public static Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        if (metricScheme(value) != null) {
            try {
                metric(value);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }
        return GRAMMAR.matcher(value).matches() ? Optional.empty() : Optional.of(ANY_MESSAGE);
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

    /** A metric server's parts. */
    public MetricServer metric() {
        if (metric == null) {
            throw new IllegalStateException(shown() + " is not a metric server");
        }
        return metric;
    }

    /** An email target's address, without {@code mailto:}. */
    public String address() {
        if (kind != Kind.EMAIL) {
            throw new IllegalStateException(shown() + " is not an email address");
        }
        return value.startsWith(MAILTO) ? value.substring(MAILTO.length()) : value;
    }

    /**
     * The target without secrets, as events and logs show it: a webhook's scheme, host, port and path (no user info,
     * query or fragment), an email address, a metric server's scheme, host, port and path (an InfluxDB 1.x user
     * without the password, no token).
     */
    public String shown() {
        return switch (kind) {
            case EMAIL -> address();
            case WEBHOOK -> webhookShown(value);
            case INFLUXDB, GRAPHITE -> {
                MetricServer m = metric;
                String scheme = value.substring(0, value.indexOf("://"));
                String path = switch (kind) {
                    case GRAPHITE -> m.prefix() == null ? "" : "/" + m.prefix();
                    default -> m.version() == 1 ? "/" + m.database() : "/" + m.org() + "/" + m.bucket();
                };
                String user = m.user() == null ? "" : m.user() + "@";
                yield scheme + "://" + user + m.host() + ":" + m.port() + path;
            }
        };
    }

    /** A webhook URL's scheme, authority without user info, and path. */
    private static String webhookShown(String url) {
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        int pathEnd = end;
        while (pathEnd < url.length() && "?#".indexOf(url.charAt(pathEnd)) < 0) {
            pathEnd++;
        }
        return url.substring(0, start) + authority + url.substring(end, pathEnd);
    }

    private static String metricScheme(String value) {
        int i = value.indexOf("://");
        if (i < 0) {
            return null;
        }
        String scheme = value.substring(0, i).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "influxdb", "influxdbs", "influxdb2", "influxdb2s", "graphite" -> scheme;
            default -> null;
        };
    }

    private static Kind metricKind(String value) {
        return metricScheme(value).equals("graphite") ? Kind.GRAPHITE : Kind.INFLUXDB;
    }

    /** Reads a metric server strictly; IllegalArgumentException names what is wrong. */
    private static MetricServer metric(String value) {
        String scheme = metricScheme(value);
        if (!value.startsWith(scheme)) {
            throw new IllegalArgumentException("the scheme must be written in lower case: " + scheme + "://");
        }
        String form = switch (scheme) {
            case "graphite" -> "graphite://host:port[/prefix]";
            case "influxdb", "influxdbs" -> scheme + "://[user:password@]host:port/DATABASE";
            default -> scheme + "://[:token@]host:port/ORG/BUCKET";
        };
        String rest = value.substring(scheme.length() + 3);
        if (rest.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("a metric server must not contain spaces or control characters ("
                    + form + ")");
        }
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a metric server takes no query or fragment (" + form + ")");
        }
        String userInfo = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        Matcher hp = HOST_PORT.matcher(authority);
        if (!hp.matches()) {
            throw new IllegalArgumentException("a metric server needs a host and a port (" + form + ")");
        }
        String host = hp.group("host");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a valid host name or address (" + form + ")");
        }
        int port = Integer.parseInt(hp.group("port"));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535 (" + form + ")");
        }
        String[] parts = path.isEmpty() ? new String[0] : path.split("/", -1);
        for (String p : parts) {
            if (!NAME.matcher(p).matches()) {
                throw new IllegalArgumentException("'" + p + "' is not a valid name: letters, digits, '_', '-' and"
                        + " '.' (" + form + ")");
            }
        }
        switch (scheme) {
            case "graphite" -> {
                if (userInfo != null) {
                    throw new IllegalArgumentException("graphite takes no credentials (" + form + ")");
                }
                if (parts.length > 1) {
                    throw new IllegalArgumentException("graphite takes at most one prefix; write a dotted prefix"
                            + " as a.b (" + form + ")");
                }
                return new MetricServer(Kind.GRAPHITE, 0, false, host, port, null, null, null, null, null, null,
                        parts.length == 1 ? parts[0] : null);
            }
            case "influxdb", "influxdbs" -> {
                if (parts.length != 1) {
                    throw new IllegalArgumentException("InfluxDB 1.x needs exactly one database (" + form + ")");
                }
                String user = null;
                String password = null;
                if (userInfo != null) {
                    int colon = userInfo.indexOf(':');
                    if (colon <= 0 || colon == userInfo.length() - 1) {
                        throw new IllegalArgumentException("InfluxDB 1.x credentials are user:password, both"
                                + " non-empty (" + form + ")");
                    }
                    user = userInfo.substring(0, colon);
                    password = userInfo.substring(colon + 1);
                }
                return new MetricServer(Kind.INFLUXDB, 1, scheme.endsWith("s"), host, port, parts[0], null, null,
                        user, password, null, null);
            }
            default -> {
                if (parts.length != 2) {
                    throw new IllegalArgumentException("InfluxDB 2.x needs an organization and a bucket (" + form
                            + ")");
                }
                String token = null;
                if (userInfo != null) {
                    if (!userInfo.startsWith(":") || userInfo.length() == 1) {
                        throw new IllegalArgumentException("InfluxDB 2.x takes a token as ':token@', with nothing"
                                + " before the colon (" + form + ")");
                    }
                    token = userInfo.substring(1);
                }
                return new MetricServer(Kind.INFLUXDB, 2, scheme.endsWith("s"), host, port, null, parts[0],
                        parts[1], null, null, token, null);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationTarget t && kind == t.kind && value.equals(t.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    /** The target without secrets ({@link #shown()}). */
    @Override
    public String toString() {
        return shown();
    }
}
