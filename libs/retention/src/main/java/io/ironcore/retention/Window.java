package io.ironcore.retention;

import java.util.Optional;

/**
 * The retention windows, in the order in which the engine applies them.
 *
 * <p>The declaration order is significant: it is the evaluation order of the rules (PBS:
 * last, hourly, daily, weekly, monthly, yearly) and the order of the canonical policy text.
 */
public enum Window {
    /** Keeps the newest N snapshots; every snapshot is its own "period". */
    LAST("keep-last", "last", "snapshot"),
    /** Keeps the newest snapshot of each of the newest N local-time hours. */
    HOURLY("keep-hourly", "hourly", "hour"),
    /** Keeps the newest snapshot of each of the newest N local-time days. */
    DAILY("keep-daily", "daily", "day"),
    /** Keeps the newest snapshot of each of the newest N ISO weeks (Monday to Sunday, local time). */
    WEEKLY("keep-weekly", "weekly", "ISO week"),
    /** Keeps the newest snapshot of each of the newest N local-time calendar months. */
    MONTHLY("keep-monthly", "monthly", "month"),
    /** Keeps the newest snapshot of each of the newest N local-time calendar years. */
    YEARLY("keep-yearly", "yearly", "year");

    private static final Window[] VALUES = values();

    private final String key;
    private final String label;
    private final String periodNoun;

    Window(String key, String label, String periodNoun) {
        this.key = key;
        this.label = label;
        this.periodNoun = periodNoun;
    }

    /** The policy key users type, e.g. {@code keep-daily}. */
    public String key() {
        return key;
    }

    /** The short name used in reasons, e.g. {@code daily} in "daily 3 of 7". */
    public String label() {
        return label;
    }

    /** What one period of this window is called, e.g. {@code day} or {@code ISO week}. */
    public String periodNoun() {
        return periodNoun;
    }

    /** Looks up a window by its exact (lower-case) policy key, e.g. {@code keep-weekly}. */
    public static Optional<Window> fromKey(String key) {
        for (Window w : VALUES) {
            if (w.key.equals(key)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    static Window byOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    static int count() {
        return VALUES.length;
    }

    /** "keep-last, keep-hourly, keep-daily, keep-weekly, keep-monthly, keep-yearly". */
    static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (Window w : VALUES) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(w.key);
        }
        return sb.toString();
    }
}
