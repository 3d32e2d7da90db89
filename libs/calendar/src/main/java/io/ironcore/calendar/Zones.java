package io.ironcore.calendar;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRulesProvider;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Maps the time zone suffix of an expression to a {@link ZoneId}, accepting the names systemd 252
 * accepts: a name made of {@code [A-Za-z0-9_+-]} and single slashes that names a tzfile under the
 * system's zoneinfo directory. Java's tz database stands in for that directory; the few names that
 * exist only as files there are mapped explicitly.
 */
final class Zones {

    /** Result of a lookup: a zone, or (for names systemd accepts but we cannot honour) a reason. */
    static final class Lookup {
        final ZoneId zone;
        final String unsupported;

        Lookup(ZoneId zone, String unsupported) {
            this.zone = zone;
            this.unsupported = unsupported;
        }
    }

    private static final Set<String> TZDB;

    static {
        Set<String> ids = new HashSet<>();
        for (String id : ZoneRulesProvider.getAvailableZoneIds()) {
            // Java-only ids; systemd finds no zoneinfo file for them.
            if (!id.startsWith("SystemV/")) {
                ids.add(id);
            }
        }
        TZDB = Set.copyOf(ids);
    }

    /** zoneinfo files that Java's tz database has no id for; all fixed offsets or links since 1970. */
    private static final Map<String, ZoneId> FILE_ONLY = Map.of(
            "EST", ZoneOffset.ofHours(-5),
            "MST", ZoneOffset.ofHours(-7),
            "HST", ZoneOffset.ofHours(-10),
            "GMT+0", ZoneId.of("Etc/GMT"),
            "GMT-0", ZoneId.of("Etc/GMT"),
            "ROC", ZoneId.of("Asia/Taipei"),
            "posixrules", ZoneId.of("America/New_York"),
            "Factory", ZoneId.of("Etc/UTC"));

    private static final Lookup NOT_A_ZONE = new Lookup(null, null);

    private Zones() {
    }

    /** systemd's verify_timezone() syntax check (before it looks for the file). */
    static boolean plausibleName(String name) {
        if (name.isEmpty() || name.charAt(0) == '/') {
            return false;
        }
        boolean slash = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || c == '-' || c == '_' || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
            if (c == '/') {
                if (slash) {
                    return false;
                }
                slash = true;
            } else {
                slash = false;
            }
        }
        return !slash;
    }

    static Lookup lookup(String name) {
        if (name.equals("UTC")) {
            return new Lookup(ZoneOffset.UTC, null);
        }
        if (!plausibleName(name)) {
            return NOT_A_ZONE;
        }
        if (name.startsWith("posix/")) {
            ZoneId z = plain(name.substring("posix/".length()));
            return z == null ? NOT_A_ZONE : new Lookup(z, null);
        }
        if (name.startsWith("right/")) {
            ZoneId z = plain(name.substring("right/".length()));
            return z == null ? NOT_A_ZONE
                    : new Lookup(null, "leap-second ('right/') time zones are not supported");
        }
        if (name.equals("localtime")) {
            return new Lookup(null, "'localtime' depends on the host; name the zone instead");
        }
        ZoneId z = plain(name);
        return z == null ? NOT_A_ZONE : new Lookup(z, null);
    }

    private static ZoneId plain(String name) {
        ZoneId special = FILE_ONLY.get(name);
        if (special != null) {
            return special;
        }
        if (TZDB.contains(name)) {
            return ZoneId.of(name);
        }
        return null;
    }
}
