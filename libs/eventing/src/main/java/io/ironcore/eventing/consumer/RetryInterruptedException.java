package io.ironcore.eventing.consumer;

import io.ironcore.events.CloudEvent;

/**
 * The consumer was interrupted (the service is stopping) while it waited to retry an event. The record is not
 * dead-lettered: {@link DeadLetterStrategy} stops the channel without committing, so it is consumed again.
 */
public class RetryInterruptedException extends RuntimeException {
    public RetryInterruptedException(CloudEvent event, InterruptedException cause) {
        super("interrupted while retrying event " + event.id() + " (" + event.type() + ")", cause);
    }
}
