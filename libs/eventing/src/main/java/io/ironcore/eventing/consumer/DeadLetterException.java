package io.ironcore.eventing.consumer;

/** The consumer gives up on a record; its message is the reason recorded on the dead-lettered record. */
public class DeadLetterException extends RuntimeException {
    public DeadLetterException(String reason, Throwable cause) {
        super(truncate(reason), cause);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000) + "…";
    }
}
