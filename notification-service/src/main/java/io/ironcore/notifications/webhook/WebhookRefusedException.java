package io.ironcore.notifications.webhook;

/**
 * A delivery that must not be made, or tried again: the egress policy refused the target, or the receiver answered
 * with a redirect (which is not followed). The message is short and names the rule; it holds nothing the receiver
 * sent but its status code.
 */
public final class WebhookRefusedException extends RuntimeException {
    public WebhookRefusedException(String message) {
        super(message, null, false, false);
    }
}
