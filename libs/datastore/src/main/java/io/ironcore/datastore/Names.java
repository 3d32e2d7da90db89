package io.ironcore.datastore;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** Name validation rules of the datastore format (see docs/design/datastore-format.md, section 2). */
final class Names {
    static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    static final int MAX_NS_DEPTH = 7;
    static final int MAX_NS_LENGTH = 256;
    static final int MAX_GROUP_ID_LENGTH = 128;
    static final int MAX_IMAGE_NAME_LENGTH = 64;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);

    private Names() {
    }

    static String checkComponent(String what, String s, int maxLength) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (s.length() > maxLength) {
            throw new IllegalArgumentException(what + " longer than " + maxLength + " characters: " + s);
        }
        if (!COMPONENT.matcher(s).matches()) {
            throw new IllegalArgumentException(what + " must match " + COMPONENT.pattern() + ": '" + s + "'");
        }
        return s;
    }

    static String checkImageName(String name) {
        return checkComponent("image name", name, MAX_IMAGE_NAME_LENGTH);
    }

    static String formatTime(Instant t) {
        return TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    static Instant parseTime(String s) {
        try {
            Instant t = Instant.from(TIME.parse(s));
            if (!formatTime(t).equals(s)) {
                throw new IllegalArgumentException("not a snapshot time: " + s);
            }
            return t;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("snapshot time must look like 2026-11-26T02:00:00Z: '" + s + "'", e);
        }
    }
}
