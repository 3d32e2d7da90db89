package io.ironcore.egress;

/**
 * A URL the egress policy refuses. The message is short and safe to show to whoever gave the URL: the URL and the
 * rule, e.g. {@code http://127.0.0.1:15432/ is not allowed: loopback address}; {@link #reason()} is the rule alone.
 */
public final class EgressRefusedException extends RuntimeException {
    private final String reason;

    EgressRefusedException(String url, String reason) {
        super(url + " is not allowed: " + reason, null, false, false);
        this.reason = reason;
    }

    /** The rule that refused it, e.g. {@code loopback address}. */
    public String reason() {
        return reason;
    }
}
