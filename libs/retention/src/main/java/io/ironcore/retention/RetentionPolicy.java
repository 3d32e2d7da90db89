package io.ironcore.retention;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An immutable set of retention windows, e.g. {@code keep-daily=7, keep-weekly=4, keep-monthly=12}.
 *
 * <p>Create one with {@link #parse(String)} from the text users type, or with {@link #builder()}.
 * Every window that is set has a count between 1 and {@link #MAX_COUNT}. A policy without any
 * window ({@link #none()}) keeps everything, as Proxmox Backup Server does when no keep option
 * is set.
 */
public final class RetentionPolicy {

    /** The largest count a window accepts. */
    public static final int MAX_COUNT = 100_000;

    /** Quoted user input is cut to this many characters in error messages. */
    private static final int MAX_QUOTED = 40;

    private static final RetentionPolicy NONE = new RetentionPolicy(new int[Window.count()]);

    /** Indexed by {@link Window#ordinal()}; 0 means the window is not set. */
    private final int[] counts;

    private RetentionPolicy(int[] counts) {
        this.counts = counts;
    }

    /** The policy without any window: it keeps every snapshot. */
    public static RetentionPolicy none() {
        return NONE;
    }

    /** A builder for a policy, e.g. {@code RetentionPolicy.builder().keepDaily(7).keepWeekly(4).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses the policy syntax users type: comma-separated windows {@code key=N}, e.g.
     * {@code keep-daily=7, keep-weekly=4, keep-monthly=12} or just {@code keep-daily=7}.
     *
     * <p>Keys are {@code keep-last}, {@code keep-hourly}, {@code keep-daily}, {@code keep-weekly},
     * {@code keep-monthly} and {@code keep-yearly}, in any order, each at most once. N consists of
     * ASCII decimal digits only (no sign, no exponent) and lies between 1 and {@link #MAX_COUNT}.
     * Spaces (any whitespace) are allowed around commas, around {@code =} and at both ends.
     *
     * @throws RetentionSyntaxException with a user-facing message when the text is not a valid policy
     * @throws NullPointerException when {@code text} is null
     */
    public static RetentionPolicy parse(String text) {
        Objects.requireNonNull(text, "retention policy text");
        if (text.isBlank()) {
            throw new RetentionSyntaxException(
                    "retention policy is empty: expected windows such as 'keep-daily=7, keep-weekly=4'", text, null);
        }
        int[] counts = new int[Window.count()];
        String[] parts = text.split(",", -1);
        for (String rawPart : parts) {
            String part = rawPart.strip();
            if (part.isEmpty()) {
                throw new RetentionSyntaxException("stray comma in retention policy " + quote(text.strip())
                        + ": windows are separated by single commas, e.g. 'keep-daily=7, keep-weekly=4'", text, null);
            }
            int eq = part.indexOf('=');
            String name = (eq < 0 ? part : part.substring(0, eq)).strip();
            if (name.isEmpty()) {
                throw new RetentionSyntaxException("retention window name is missing in " + quote(part)
                        + " (known: " + Window.knownKeys() + ")", text, null);
            }
            Window window = Window.fromKey(name).orElseThrow(() -> unknownWindow(name, text));
            if (counts[window.ordinal()] != 0) {
                throw new RetentionSyntaxException(window.key() + " is given twice", text, window.key());
            }
            if (eq < 0) {
                throw new RetentionSyntaxException(window.key() + " needs a value, e.g. '" + window.key() + "=7'",
                        text, window.key());
            }
            counts[window.ordinal()] = parseCount(window, part.substring(eq + 1).strip(), text);
        }
        return new RetentionPolicy(counts);
    }

    private static RetentionSyntaxException unknownWindow(String name, String text) {
        String lower = name.toLowerCase(Locale.ROOT);
        String hint = "";
        if (Window.fromKey(lower).isPresent()) {
            hint = "did you mean '" + lower + "'? ";
        } else if (Window.fromKey("keep-" + lower).isPresent()) {
            hint = "did you mean 'keep-" + lower + "'? ";
        }
        return new RetentionSyntaxException("unknown retention window " + quote(name) + " (" + hint
                + "known: " + Window.knownKeys() + ")", text, name);
    }

    private static int parseCount(Window window, String value, String text) {
        long n = 0;
        boolean ok = !value.isEmpty();
        for (int i = 0; ok && i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                ok = false;
            } else {
                n = n * 10 + (c - '0');
                if (n > MAX_COUNT) {
                    ok = false;
                }
            }
        }
        if (!ok || n < 1) {
            throw new RetentionSyntaxException(rangeMessage(window) + ", got " + quote(value), text, window.key());
        }
        return (int) n;
    }

    private static String rangeMessage(Window window) {
        return window.key() + " must be an integer between 1 and " + MAX_COUNT;
    }

    private static String quote(String s) {
        if (s.length() > MAX_QUOTED) {
            return "'" + s.substring(0, MAX_QUOTED) + "...'";
        }
        return "'" + s + "'";
    }

    /** The count of {@code window}, or empty when the window is not set. */
    public OptionalInt count(Window window) {
        int n = counts[window.ordinal()];
        return n == 0 ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** {@code keep-last}, if set. */
    public OptionalInt keepLast() {
        return count(Window.LAST);
    }

    /** {@code keep-hourly}, if set. */
    public OptionalInt keepHourly() {
        return count(Window.HOURLY);
    }

    /** {@code keep-daily}, if set. */
    public OptionalInt keepDaily() {
        return count(Window.DAILY);
    }

    /** {@code keep-weekly}, if set. */
    public OptionalInt keepWeekly() {
        return count(Window.WEEKLY);
    }

    /** {@code keep-monthly}, if set. */
    public OptionalInt keepMonthly() {
        return count(Window.MONTHLY);
    }

    /** {@code keep-yearly}, if set. */
    public OptionalInt keepYearly() {
        return count(Window.YEARLY);
    }

    /** The windows that are set with their counts, in evaluation order (unmodifiable). */
    public Map<Window, Integer> windows() {
        EnumMap<Window, Integer> map = new EnumMap<>(Window.class);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                map.put(Window.byOrdinal(i), counts[i]);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** True when no window is set; such a policy keeps every snapshot. */
    public boolean isEmpty() {
        for (int c : counts) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    /** The upper bound of snapshots a prune pass keeps besides protected and in-use ones: the sum of all counts. */
    public long maxKept() {
        long sum = 0;
        for (int c : counts) {
            sum += c;
        }
        return sum;
    }

    /** Count per window ordinal, 0 = not set (a copy). */
    int[] countsByOrdinal() {
        return counts.clone();
    }

    /** A builder initialised with this policy's windows. */
    public Builder toBuilder() {
        Builder b = new Builder();
        System.arraycopy(counts, 0, b.counts, 0, counts.length);
        return b;
    }

    /**
     * The canonical text: the windows that are set, in the order keep-last, keep-hourly, keep-daily,
     * keep-weekly, keep-monthly, keep-yearly, separated by {@code ", "}, e.g.
     * {@code keep-daily=7, keep-weekly=4}. {@link #parse(String)} reads it back to an equal policy.
     * The empty policy formats as the empty string (which {@code parse} rejects; use {@link #none()}).
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(Window.byOrdinal(i).key()).append('=').append(counts[i]);
            }
        }
        return sb.toString();
    }

    /** Same as {@link #format()}. */
    @Override
    public String toString() {
        return format();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetentionPolicy && Arrays.equals(counts, ((RetentionPolicy) o).counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    /** Builds a {@link RetentionPolicy}; setting a window again replaces its count. Not thread-safe. */
    public static final class Builder {
        private final int[] counts = new int[Window.count()];

        private Builder() {
        }

        /**
         * Sets {@code window} to keep {@code count} periods.
         *
         * @throws IllegalArgumentException when count is not between 1 and {@link #MAX_COUNT}
         */
        public Builder keep(Window window, int count) {
            Objects.requireNonNull(window, "window");
            if (count < 1 || count > MAX_COUNT) {
                throw new IllegalArgumentException(rangeMessage(window) + ", got " + count);
            }
            counts[window.ordinal()] = count;
            return this;
        }

        /** Unsets {@code window}. */
        public Builder clear(Window window) {
            counts[Objects.requireNonNull(window, "window").ordinal()] = 0;
            return this;
        }

        public Builder keepLast(int count) {
            return keep(Window.LAST, count);
        }

        public Builder keepHourly(int count) {
            return keep(Window.HOURLY, count);
        }

        public Builder keepDaily(int count) {
            return keep(Window.DAILY, count);
        }

        public Builder keepWeekly(int count) {
            return keep(Window.WEEKLY, count);
        }

        public Builder keepMonthly(int count) {
            return keep(Window.MONTHLY, count);
        }

        public Builder keepYearly(int count) {
            return keep(Window.YEARLY, count);
        }

        public RetentionPolicy build() {
            RetentionPolicy p = new RetentionPolicy(counts.clone());
            return p.isEmpty() ? NONE : p;
        }
    }
}
