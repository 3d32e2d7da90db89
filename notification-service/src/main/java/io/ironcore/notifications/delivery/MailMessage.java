package io.ironcore.notifications.delivery;

/** A mail delivery's body: what the SMTP relay is given. */
public record MailMessage(String subject, String text, String runId) {
}
