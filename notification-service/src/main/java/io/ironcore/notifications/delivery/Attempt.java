package io.ironcore.notifications.delivery;

/**
 * How one attempt at a delivery went: sent; refused for good ({@code permanent}: the egress policy, a redirect, a 4xx
 * answer, a target that is not one); or failed in a way worth retrying. {@code reason} is one line without secrets.
 */
public record Attempt(boolean sent, boolean permanent, String reason) {
    public static Attempt ok() {
        return new Attempt(true, false, null);
    }

    public static Attempt refused(String reason) {
        return new Attempt(false, true, reason);
    }

    public static Attempt failed(String reason) {
        return new Attempt(false, false, reason);
    }
}
