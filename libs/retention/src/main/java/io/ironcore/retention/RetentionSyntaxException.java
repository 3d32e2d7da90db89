package io.ironcore.retention;

import java.util.Optional;

/**
 * A retention policy text that cannot be parsed.
 *
 * <p>The message is written for end users and can be shown as-is, for example as the
 * {@code detail} of a REST problem response or as a CLI error line. It names the offending
 * window where there is one, e.g. {@code keep-daily must be an integer between 1 and 100000, got '0'}.
 */
public final class RetentionSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final String window;

    RetentionSyntaxException(String message, String input, String window) {
        super(message);
        this.input = input;
        this.window = window;
    }

    /** The complete policy text that was rejected. */
    public String input() {
        return input;
    }

    /**
     * The window key (or unknown key) the error is about, e.g. {@code keep-daily} or
     * {@code keep-fortnightly}; empty when the error is about the text as a whole (empty text,
     * stray comma).
     */
    public Optional<String> window() {
        return Optional.ofNullable(window);
    }
}
