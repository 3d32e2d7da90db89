package io.ironcore.calendar;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parser for calendar event expressions. Its control flow follows systemd 252's
 * {@code calendar_spec_from_string()} step by step so that exactly the same strings are accepted;
 * unlike systemd it reports what is wrong and where.
 */
final class Parser {

    static final int USEC_PER_SEC = 1_000_000;
    static final int MIN_YEAR = 1970;
    static final int MAX_YEAR = 2199;
    private static final int COMPONENTS_MAX = 240;
    private static final int BITS_WEEKDAYS = 127;

    private static final String[] DAY_NAMES = {
        "Monday", "Mon", "Tuesday", "Tue", "Wednesday", "Wed", "Thursday", "Thu",
        "Friday", "Fri", "Saturday", "Sat", "Sunday", "Sun",
    };

    private final String expr;
    /** The part of the expression left after removing the zone suffix. */
    private String s;
    /** A trailing word that looks like a zone name but is not one (for error messages). */
    private String zoneCandidate;
    private int zoneStart = -1;

    // Result, as systemd's CalendarSpec.
    int weekdays;
    Component[] year;
    Component[] month;
    Component[] day;
    Component[] hour;
    Component[] minute;
    Component[] usec;
    boolean endOfMonth;
    boolean utc;
    String timezone;
    ZoneId zone;

    private Parser(String expr) {
        this.expr = expr;
    }

    static Parser parse(String expression) {
        Parser p = new Parser(expression);
        p.run();
        return p;
    }

    // ------------------------------------------------------------------------------------------
    // Top level (calendar_spec_from_string)

    private void run() {
        int nul = expr.indexOf('\0');
        if (nul >= 0) {
            throw error("invalid character", "\0", nul, "NUL is not allowed");
        }
        s = expr;
        if (endsWithIgnoreCase(expr, " UTC")) {
            utc = true;
            s = expr.substring(0, expr.length() - 4);
        } else {
            int lastSpace = expr.lastIndexOf(' ');
            if (lastSpace >= 0) {
                String candidate = expr.substring(lastSpace + 1);
                Zones.Lookup lookup = Zones.lookup(candidate);
                if (lookup.unsupported != null) {
                    throw error("unsupported time zone", candidate, lastSpace + 1, lookup.unsupported);
                }
                if (lookup.zone != null) {
                    timezone = candidate;
                    zone = lookup.zone;
                    s = expr.substring(0, lastSpace);
                } else if (looksLikeZone(candidate)) {
                    zoneCandidate = candidate;
                    zoneStart = lastSpace + 1;
                }
            }
        }

        if (s.isEmpty()) {
            throw error("empty calendar expression", null, 0,
                    "expected a shortcut such as 'daily', or [weekdays] [date] [time]");
        }

        if (!shortcut()) {
            int pos = parseWeekdays(0);
            pos = parseDate(pos);
            if (pos >= 0) {
                pos = parseTime(pos);
            } else {
                pos = -pos - 1;
            }
            if (pos != s.length()) {
                throw unexpected(pos);
            }
        }

        normalize();
        validate();
    }

    private boolean shortcut() {
        String p = s;
        if (eqIgnoreCase(p, "minutely")) {
            usec = constant(0);
        } else if (eqIgnoreCase(p, "hourly")) {
            minute = constant(0);
            usec = constant(0);
        } else if (eqIgnoreCase(p, "daily")) {
            midnight();
        } else if (eqIgnoreCase(p, "monthly")) {
            day = constant(1);
            midnight();
        } else if (eqIgnoreCase(p, "annually") || eqIgnoreCase(p, "yearly") || eqIgnoreCase(p, "anually")) {
            month = constant(1);
            day = constant(1);
            midnight();
        } else if (eqIgnoreCase(p, "weekly")) {
            weekdays = 1;
            midnight();
        } else if (eqIgnoreCase(p, "quarterly")) {
            month = constants(1, 4, 7, 10);
            day = constant(1);
            midnight();
        } else if (eqIgnoreCase(p, "biannually") || eqIgnoreCase(p, "bi-annually")
                || eqIgnoreCase(p, "semiannually") || eqIgnoreCase(p, "semi-annually")) {
            month = constants(1, 7);
            day = constant(1);
            midnight();
        } else {
            return false;
        }
        return true;
    }

    private void midnight() {
        hour = constant(0);
        minute = constant(0);
        usec = constant(0);
    }

    private static Component[] constant(int v) {
        return new Component[] {new Component(v, -1, 0, 0, 0)};
    }

    private static Component[] constants(int... vs) {
        Component[] r = new Component[vs.length];
        for (int i = 0; i < vs.length; i++) {
            r[i] = new Component(vs[i], -1, 0, 0, 0);
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------
    // Weekdays (parse_weekdays)

    /** Returns the position after the weekday part (and the spaces after it). */
    private int parseWeekdays(int pos) {
        int l = -1;
        boolean first = true;
        int rangeStart = -1;
        for (;;) {
            int nr = -1;
            int skip = 0;
            for (int k = 0; k < DAY_NAMES.length; k++) {
                if (startsWithIgnoreCase(s, pos, DAY_NAMES[k])) {
                    nr = k / 2;
                    skip = DAY_NAMES[k].length();
                    break;
                }
            }
            if (nr < 0) {
                if (first) {
                    return pos;
                }
                throw error("expected a weekday", word(pos), pos,
                        "weekday lists and ranges look like 'Mon,Wed' or 'Mon..Fri'");
            }
            char next = at(pos + skip);
            if (!(next == 0 || next == '-' || next == '.' || next == ',' || next == ' ')) {
                throw error("invalid weekday", word(pos), pos,
                        "expected Mon, Tue, Wed, Thu, Fri, Sat, Sun or the full English name");
            }
            weekdays |= 1 << nr;
            if (l >= 0) {
                if (l > nr) {
                    throw error("invalid weekday range", s.substring(rangeStart, pos + skip), rangeStart,
                            "ranges do not wrap around the end of the week, write e.g. 'Fri..Sun,Mon'");
                }
                for (int j = l + 1; j < nr; j++) {
                    weekdays |= 1 << j;
                }
            }
            int nameStart = pos;
            pos += skip;

            if (pos == s.length()) {
                return pos;
            }
            if (at(pos) == ' ') {
                return skipSpaces(pos);
            }
            if (at(pos) == '.') {
                if (l >= 0) {
                    throw error("invalid weekday range", s.substring(rangeStart, pos) + "..", rangeStart,
                            "a range has exactly one '..'");
                }
                if (at(pos + 1) != '.') {
                    throw error("invalid weekday separator", ".", pos, "use '..' for a range or ',' for a list");
                }
                l = nr;
                rangeStart = nameStart;
                pos += 2;
            } else if (at(pos) == '-') {
                if (l >= 0) {
                    throw error("invalid weekday range", s.substring(rangeStart, pos) + "-", rangeStart,
                            "a range has exactly one '..'");
                }
                l = nr;
                rangeStart = nameStart;
                pos += 1;
            } else if (at(pos) == ',') {
                l = -1;
                pos += 1;
            }
            if (pos == s.length() || at(pos) == ' ') {
                int end = pos;
                pos = skipSpaces(pos);
                if (l >= 0) {
                    throw error("incomplete weekday range", s.substring(rangeStart, end), rangeStart,
                            "a range needs an end, e.g. 'Mon..Fri'");
                }
                return pos;
            }
            first = false;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Date (parse_date). Returns the position where the time starts, or (-pos - 1) when the
    // date was an @timestamp, after which no time may follow.

    private int parseDate(int pos) {
        if (pos == s.length()) {
            return pos;
        }
        if (at(pos) == '@') {
            return -parseTimestamp(pos) - 1;
        }
        int t = pos;
        Chain first = parseChain(t, false, "date or time");
        t = first.end;
        if (t == s.length() || at(t) == ':') {
            return pos; // it was the hour, not a date: re-parse as time
        }
        if (at(t) == '~') {
            endOfMonth = true;
        } else if (at(t) != '-') {
            throw unexpected(t, "expected '-' or '~' after the first date field, or ':' after an hour");
        }
        t++;
        Chain second = parseChain(t, false, "month or day");
        t = second.end;
        if (t == s.length() || at(t) == ' ') {
            month = first.components;
            day = second.components;
            return skipSpaces(t);
        } else if (endOfMonth) {
            throw unexpected(t, "after 'month~day' only a space and the time may follow");
        }
        if (at(t) == '~') {
            endOfMonth = true;
        } else if (at(t) != '-') {
            throw unexpected(t, "expected '-' or '~' between month and day");
        }
        t++;
        Chain third = parseChain(t, false, "day");
        t = third.end;
        if (!(t == s.length() || at(t) == ' ')) {
            throw unexpected(t, "expected a space between date and time");
        }
        year = first.components;
        month = second.components;
        day = third.components;
        return skipSpaces(t);
    }

    /** {@code @SECONDS}: a single point in time, in UTC. Returns the end position. */
    private int parseTimestamp(int pos) {
        int t = pos + 1;
        // strtoul(): leading white space and a sign are accepted.
        while (t < s.length() && isCSpace(at(t))) {
            t++;
        }
        boolean negative = false;
        if (at(t) == '+' || at(t) == '-') {
            negative = at(t) == '-';
            t++;
        }
        int digits = t;
        long value = 0;
        boolean overflow = false;
        while (isDigit(at(t))) {
            int d = at(t) - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                overflow = true;
            } else {
                value = value * 10 + d;
            }
            t++;
        }
        if (t == digits) {
            throw error("invalid timestamp", word(pos), pos, "expected '@' followed by seconds since 1970-01-01 UTC");
        }
        String token = s.substring(pos, t);
        long max = (Civil.daysFromCivil(MAX_YEAR + 1, 1, 1)) * 86400L - 1;
        if (overflow || (negative && value != 0) || value > max) {
            throw error("invalid timestamp", token, pos,
                    "must be within 1970-01-01 00:00:00 and " + MAX_YEAR + "-12-31 23:59:59 UTC");
        }
        long days = Math.floorDiv(value, 86400L);
        int secOfDay = (int) Math.floorMod(value, 86400L);
        int[] ymd = Civil.civilFromDays(days);
        year = new Component[] {new Component(ymd[0], -1, 0, pos, t)};
        month = new Component[] {new Component(ymd[1], -1, 0, pos, t)};
        day = new Component[] {new Component(ymd[2], -1, 0, pos, t)};
        hour = new Component[] {new Component(secOfDay / 3600, -1, 0, pos, t)};
        minute = new Component[] {new Component(secOfDay / 60 % 60, -1, 0, pos, t)};
        usec = new Component[] {new Component(secOfDay % 60 * USEC_PER_SEC, -1, 0, pos, t)};
        utc = true;
        return t;
    }

    // ------------------------------------------------------------------------------------------
    // Time (parse_calendar_time)

    private int parseTime(int pos) {
        if (pos == s.length()) {
            hour = constant(0);
            minute = constant(0);
            usec = constant(0);
            return pos;
        }
        int t = pos;
        Chain h = parseChain(t, false, "hour");
        t = h.end;
        if (at(t) != ':') {
            if (t == s.length()) {
                throw error("incomplete time", s.substring(pos, t), pos, "a time is hour:minute[:second], e.g. '02:00'");
            }
            throw unexpected(t, "expected ':' after the hour");
        }
        t++;
        Chain m = parseChain(t, false, "minute");
        t = m.end;
        hour = h.components;
        minute = m.components;
        if (t == s.length()) {
            usec = constant(0);
            return t;
        }
        if (at(t) != ':') {
            throw unexpected(t, "expected ':' after the minute or the end of the expression");
        }
        t++;
        Chain sec = parseChain(t, true, "second");
        t = sec.end;
        if (t != s.length()) {
            throw unexpected(t, "the seconds must end the time");
        }
        usec = sec.components;
        return t;
    }

    // ------------------------------------------------------------------------------------------
    // Chains (parse_chain, prepend_component, parse_component_decimal)

    private static final class Chain {
        final Component[] components; // null for '*'
        final int end;

        Chain(Component[] components, int end) {
            this.components = components;
            this.end = end;
        }
    }

    private Chain parseChain(int pos, boolean isUsec, String what) {
        if (at(pos) == '*') {
            Component[] c = isUsec ? new Component[] {new Component(0, -1, USEC_PER_SEC, pos, pos + 1)} : null;
            return new Chain(c, pos + 1);
        }
        List<Component> list = new ArrayList<>();
        int e = pos;
        int nesting = 0;
        for (;;) {
            if (nesting > COMPONENTS_MAX) {
                throw error("too many list elements in", s.substring(pos, tokenEnd(e)), pos,
                        "at most " + (COMPONENTS_MAX + 1) + " elements per field");
            }
            int elemStart = e;
            long[] num = decimal(e, isUsec, what);
            int start = (int) num[0];
            e = (int) num[1];
            int stop = -1;
            int repeat = 0;
            if (at(e) == '.' && at(e + 1) == '.') {
                e += 2;
                num = decimal(e, isUsec, "end of range");
                stop = (int) num[0];
                e = (int) num[1];
                repeat = isUsec ? USEC_PER_SEC : 1;
            }
            if (at(e) == '/') {
                int rpos = e;
                e++;
                num = decimal(e, isUsec, "repetition");
                repeat = (int) num[0];
                e = (int) num[1];
                if (repeat == 0) {
                    throw error("invalid repetition", s.substring(rpos, e), rpos, "must be greater than 0");
                }
            } else {
                if (start > Integer.MAX_VALUE - repeat) {
                    throw error("number out of range", s.substring(elemStart, e), elemStart, null);
                }
                if (isUsec && stop >= 0 && start + repeat > stop) {
                    throw error("invalid second range", s.substring(elemStart, e), elemStart, stop < start
                            ? "the start must not be after the end (ranges do not wrap)"
                            : "without a repetition a range of seconds must span at least one second");
                }
            }
            char c = at(e);
            if (!(e == s.length() || c == ' ' || c == ',' || c == '-' || c == '~' || c == ':')) {
                throw unexpected(e, null);
            }
            list.add(new Component(start, stop, repeat, elemStart, e));
            if (c == ',' && e < s.length()) {
                e++;
                nesting++;
                continue;
            }
            break;
        }
        return new Chain(list.toArray(new Component[0]), e);
    }

    /** Returns {value, end}. */
    private long[] decimal(int pos, boolean isUsec, String what) {
        if (!isDigit(at(pos))) {
            if (pos == s.length()) {
                throw error("missing " + what, null, pos, null);
            }
            throw expectedNumber(pos, what);
        }
        int e = pos;
        long value = 0;
        boolean overflow = false;
        while (isDigit(at(e))) {
            if (!overflow) {
                value = value * 10 + (at(e) - '0');
                if (value > Integer.MAX_VALUE) {
                    overflow = true;
                }
            }
            e++;
        }
        if (isUsec && !overflow) {
            value *= USEC_PER_SEC;
            if (at(e) == '.' && at(e + 1) != '.') {
                e++;
                // parse_fractional_part_u(&e, 6, &add)
                long add = 0;
                int i = 0;
                for (; i < 6; i++, e++) {
                    if (!isDigit(at(e))) {
                        if (i == 0) {
                            throw error("invalid fraction of a second", s.substring(pos, tokenEnd(e)), pos,
                                    "a '.' must be followed by digits");
                        }
                        for (; i < 6; i++) {
                            add *= 10;
                        }
                        break;
                    }
                    add = add * 10 + (at(e) - '0');
                }
                if (at(e) >= '5' && at(e) <= '9') {
                    add++;
                }
                while (isDigit(at(e))) {
                    e++;
                }
                value += add;
            }
        }
        if (overflow || value > Integer.MAX_VALUE) {
            throw error("number out of range", s.substring(pos, e), pos, null);
        }
        return new long[] {value, e};
    }

    // ------------------------------------------------------------------------------------------
    // Normalization (calendar_spec_normalize)

    private void normalize() {
        if (weekdays <= 0 || weekdays >= BITS_WEEKDAYS) {
            weekdays = -1;
        }
        if (endOfMonth && day == null) {
            endOfMonth = false;
        }
        if (year != null) {
            for (int i = 0; i < year.length; i++) {
                year[i] = year[i].with(fixYear(year[i].start), fixYear(year[i].stop), year[i].repeat);
            }
        }
        year = normalizeChain(year);
        month = normalizeChain(month);
        day = normalizeChain(day);
        hour = normalizeChain(hour);
        minute = normalizeChain(minute);
        usec = normalizeChain(usec);
    }

    private static int fixYear(int y) {
        if (y >= 0 && y < 70) {
            return y + 2000;
        }
        if (y >= 70 && y < 100) {
            return y + 1900;
        }
        return y;
    }

    private static Component[] normalizeChain(Component[] chain) {
        if (chain == null) {
            return null;
        }
        for (int i = 0; i < chain.length; i++) {
            Component c = chain[i];
            int start = c.start;
            int stop = c.stop;
            int repeat = c.repeat;
            if (stop > start && repeat > 0) {
                stop -= (stop - start) % repeat;
            }
            if ((stop > start && repeat > 0 && start + repeat > stop) || start == stop) {
                repeat = 0;
                stop = -1;
            }
            chain[i] = c.with(start, stop, repeat);
        }
        if (chain.length <= 1) {
            return chain;
        }
        Component[] sorted = chain.clone();
        Arrays.sort(sorted);
        List<Component> out = new ArrayList<>(sorted.length);
        for (Component c : sorted) {
            if (out.isEmpty() || !out.get(out.size() - 1).sameValue(c)) {
                out.add(c);
            }
        }
        return out.toArray(new Component[0]);
    }

    // ------------------------------------------------------------------------------------------
    // Validation (calendar_spec_valid / chain_valid)

    private void validate() {
        chainValid(year, MIN_YEAR, MAX_YEAR, false, "year");
        chainValid(month, 1, 12, false, "month");
        chainValid(day, 1, 31, endOfMonth, "day");
        chainValid(hour, 0, 23, false, "hour");
        chainValid(minute, 0, 59, false, "minute");
        chainValid(usec, 0, 60 * USEC_PER_SEC - 1, false, "second");
    }

    private void chainValid(Component[] chain, int from, int to, boolean eom, String field) {
        if (chain == null) {
            return;
        }
        boolean us = field.equals("second");
        String what = eom ? "day counted from the end of the month" : field;
        for (Component c : chain) {
            if (eom) {
                // systemd's chain_valid() subtracts 3 again for every further element of the
                // list, so after '~' the n-th value (in sorted order) must be <= 31 - 3n.
                to -= 3;
            }
            String range = us ? "0..59.999999" : from + ".." + to;
            if (eom && chain.length > 1) {
                range += " (systemd allows ~28 for the smallest value after '~' and 3 less for each further one)";
            }
            String token = c.end > c.pos ? expr.substring(c.pos, c.end) : String.valueOf(c.start);
            if (c.start < from || c.start > to) {
                throw error("invalid " + what, token, c.pos, "must be within " + range);
            }
            if (c.repeat > to - from) {
                throw error("invalid " + field + " repetition", token, c.pos,
                        "the step must be smaller than the width of " + range);
            }
            if (c.stop >= 0) {
                if (c.stop < from || c.stop > to) {
                    throw error("invalid " + what + " range", token, c.pos, "must be within " + range);
                }
                if (c.start + c.repeat > c.stop) {
                    throw error("invalid " + what + " range", token, c.pos,
                            "the start must not be after the end (ranges do not wrap)");
                }
            } else {
                if (eom && c.start - c.repeat < from) {
                    throw error("invalid " + field + " repetition", token, c.pos,
                            "counting back from the month's end the step must stay within " + range);
                }
                if (!eom && c.start + c.repeat > to) {
                    throw error("invalid " + field + " repetition", token, c.pos,
                            "the first repetition " + show(c.start + c.repeat, us) + " is beyond " + show(to, us)
                                    + " (systemd rejects a step that can never fire)");
                }
            }
        }
    }

    private static String show(int v, boolean us) {
        if (!us) {
            return Integer.toString(v);
        }
        int frac = v % USEC_PER_SEC;
        return frac == 0 ? Integer.toString(v / USEC_PER_SEC) : String.format("%d.%06d", v / USEC_PER_SEC, frac);
    }

    // ------------------------------------------------------------------------------------------
    // Errors

    private CalendarSyntaxException error(String problem, String token, int pos, String detail) {
        return new CalendarSyntaxException(expr, problem, token, pos + 1, detail);
    }

    private CalendarSyntaxException unexpected(int pos) {
        return unexpected(pos, null);
    }

    private CalendarSyntaxException unexpected(int pos, String detail) {
        if (zoneCandidate != null && pos >= zoneStart - 1) {
            return error("unknown time zone", zoneCandidate, zoneStart,
                    "expected a tz database name such as 'Europe/Berlin', or 'UTC'");
        }
        if (pos >= s.length()) {
            return error("unexpected end of expression", "", pos, detail);
        }
        if (at(pos) == ' ') {
            return error("unexpected space", " ", pos, detail);
        }
        return error("unexpected", word(pos), pos, detail);
    }

    private CalendarSyntaxException expectedNumber(int pos, String what) {
        if (zoneCandidate != null && pos >= zoneStart - 1) {
            return unexpected(pos);
        }
        if (at(pos) == ' ') {
            return error("unexpected space", " ", pos,
                    pos == 0 ? "the expression must not start with a space" : "fields are separated by a single space");
        }
        String w = word(pos);
        if (pos == 0 && isShortcut(w)) {
            if (zoneCandidate != null && w.length() == zoneStart - 1) {
                return unexpected(zoneStart);
            }
            return error("invalid use of shortcut", w, pos,
                    "a shortcut stands alone, optionally followed by one space and a time zone (e.g. 'daily UTC')");
        }
        int space = s.indexOf(' ', pos);
        String firstWord = s.substring(pos, space < 0 ? s.length() : space);
        if (pos == 0 && Zones.lookup(firstWord).zone != null) {
            return error("missing calendar expression before time zone", firstWord, pos,
                    "the zone comes last, e.g. 'daily " + firstWord + "'");
        }
        if (isWeekdayName(w)) {
            return error("misplaced weekday", w, pos,
                    "weekdays come first and are joined with ',' or '..', e.g. 'Mon,Tue 12:00'");
        }
        if (pos == 0 && Character.isLetter(at(pos))) {
            return error("invalid weekday or shortcut", w, pos,
                    "expected a weekday (Mon..Sun), a shortcut (minutely, hourly, daily, weekly, monthly,"
                            + " quarterly, semiannually, yearly), a date or a time");
        }
        return error("invalid " + what, w, pos, "expected a number or '*'");
    }

    /** The token starting at pos: up to the next separator. */
    private String word(int pos) {
        return s.substring(pos, tokenEnd(pos));
    }

    private int tokenEnd(int pos) {
        int e = pos;
        while (e < s.length()) {
            char c = s.charAt(e);
            if (c == ' ' || c == ',' || c == ':' || c == '~') {
                break;
            }
            if (e > pos && (c == '-' || c == '/' || (c == '.' && at(e + 1) == '.'))) {
                break;
            }
            e++;
        }
        return e == pos && pos < s.length() ? pos + 1 : e;
    }

    // ------------------------------------------------------------------------------------------
    // Character helpers (ASCII semantics, as C's)

    private char at(int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private int skipSpaces(int pos) {
        while (pos < s.length() && s.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    /** A trailing word that was probably meant as a time zone: has a '/' or is an abbreviation. */
    private static boolean looksLikeZone(String candidate) {
        if (candidate.indexOf('/') > 0 && Character.isLetter(candidate.charAt(0))) {
            return true;
        }
        if (candidate.length() < 2 || candidate.length() > 5) {
            return false;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    private static final String[] SHORTCUTS = {
        "minutely", "hourly", "daily", "weekly", "monthly", "yearly", "annually", "anually", "quarterly",
        "semiannually", "semi-annually", "biannually", "bi-annually",
    };

    private static boolean isShortcut(String w) {
        for (String k : SHORTCUTS) {
            if (eqIgnoreCase(w, k)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWeekdayName(String w) {
        for (String k : DAY_NAMES) {
            if (eqIgnoreCase(w, k)) {
                return true;
            }
        }
        return false;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    static boolean eqIgnoreCase(String a, String b) {
        return a.length() == b.length() && startsWithIgnoreCase(a, 0, b);
    }

    private static boolean startsWithIgnoreCase(String s, int pos, String prefix) {
        if (s.length() - pos < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (lower(s.charAt(pos + i)) != lower(prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.length() >= suffix.length() && startsWithIgnoreCase(s, s.length() - suffix.length(), suffix);
    }
}
