package io.ironcore.calendar;

/**
 * Thrown by {@link CalendarEvent#parse(String)} for an expression that systemd would reject.
 *
 * <p>The message is self-contained and meant to be shown as-is (REST problem detail, CLI error
 * line). It names the problem, the offending token and its 1-based column in the expression,
 * optionally followed by an explanation, e.g. {@code invalid weekday 'Sunn' at column 1} or
 * {@code invalid month '13' at column 3: must be within 1..12}.
 */
public final class CalendarSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String expression;
    private final int column;
    private final String token;

    CalendarSyntaxException(String expression, String problem, String token, int column, String detail) {
        super(format(problem, token, column, detail));
        this.expression = expression;
        this.column = column;
        this.token = token;
    }

    private static String format(String problem, String token, int column, String detail) {
        StringBuilder sb = new StringBuilder(problem);
        if (token != null) {
            String t = token.length() > 40 ? token.substring(0, 37) + "..." : token;
            sb.append(" '").append(printable(t)).append('\'');
        }
        sb.append(" at column ").append(column);
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    /** Control characters are shown escaped so that the message stays on one line. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The expression that was rejected, exactly as given to {@code parse}. */
    public String expression() {
        return expression;
    }

    /** 1-based column of the offending token within {@link #expression()}. */
    public int column() {
        return column;
    }

    /** The offending token (may be empty, e.g. for an empty expression). */
    public String token() {
        return token == null ? "" : token;
    }
}
