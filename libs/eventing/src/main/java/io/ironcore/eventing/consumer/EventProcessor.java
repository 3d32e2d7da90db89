package io.ironcore.eventing.consumer;

import io.ironcore.events.CloudEvent;
import io.ironcore.events.catalog.EventCatalog;
import io.ironcore.events.EventJson;
import io.ironcore.events.MalformedEventException;
import io.ironcore.eventing.EventingConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The policy of every consumer: decode the CloudEvent strictly (envelope, a known type, a payload without unknown
 * fields or duplicate keys), hand it to the (transactional, idempotent) handler, and retry a transient failure in
 * place with exponential back-off for minutes ({@link RetryPolicy}), which keeps the partition's order. A permanent
 * failure gives up at once; giving up throws a {@link DeadLetterException} with the reason, and the channel's
 * failure strategy ({@link DeadLetterStrategy}) sends the record to the topic's {@code .dlq} twin; processing goes
 * on. {@code ironcore-backup dlq replay} puts it back; the inbox makes the replay idempotent.
 */
@ApplicationScoped
public class EventProcessor {
    private static final Logger LOG = Logger.getLogger(EventProcessor.class);

    /** Waits between attempts; tests pass one that records the delays instead. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private RetryPolicy policy;
    private Sleeper sleeper;
    private LongSupplier nanoTime;
    private final Object stopSignal = new Object();
    private volatile boolean stopping;

    /** For the CDI client proxy only. */
    protected EventProcessor() {
    }

    @Inject
    public EventProcessor(EventingConfig config) {
        this(new RetryPolicy(config.consumer().backoff().orElse(config.retry().initialBackoff()),
                config.retry().maxBackoff(), config.retry().maxDuration()), null, System::nanoTime);
    }

    /** For tests: a retry schedule on a controlled sleeper (null: the real wait, ended by a stop) and clock. */
    public EventProcessor(RetryPolicy policy, Sleeper sleeper, LongSupplier nanoTime) {
        this.policy = policy;
        this.sleeper = sleeper == null ? this::awaitRetryOrStop : sleeper;
        this.nanoTime = nanoTime;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * The service is stopping: a consumer waiting to retry stops waiting at once, so a failing event never holds the
     * shutdown for its back-off (Quarkus does not interrupt its worker threads). The record is neither handled nor
     * dead-lettered, and is consumed again after the restart.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        synchronized (stopSignal) {
            stopSignal.notifyAll();
        }
    }

    private void awaitRetryOrStop(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (stopSignal) {
            for (long left = d.toNanos(); left > 0 && !stopping; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(stopSignal, left);
            }
        }
        if (stopping) {
            throw new InterruptedException("the service is stopping");
        }
    }

    public void process(ConsumerRecord<String, byte[]> record, Consumer<CloudEvent> handler) {
        CloudEvent event;
        try {
            event = decode(record);
        } catch (MalformedEventException e) {
            LOG.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            throw new DeadLetterException("malformed event: " + e.getMessage(), e);
        }
        long start = nanoTime.getAsLong();
        for (int attempt = 1; ; attempt++) {
            try {
                handler.accept(event);
                if (attempt > 1) {
                    LOG.infof("event %s (%s) handled at attempt %d", event.id(), event.type(), attempt);
                }
                return;
            } catch (RuntimeException e) {
                if (Failures.classify(e) == Failures.Kind.PERMANENT) {
                    LOG.warnf("dead-lettering event %s (%s): %s", event.id(), event.type(), rootMessage(e));
                    throw new DeadLetterException("permanent failure: " + rootMessage(e), e);
                }
                Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - start);
                Optional<Duration> delay = policy.next(attempt, elapsed);
                if (delay.isEmpty()) {
                    LOG.errorf(e, "event %s (%s) failed %d times over %s, dead-lettering", event.id(), event.type(),
                            attempt, round(elapsed));
                    throw new DeadLetterException("gave up after " + attempt + " attempts over " + round(elapsed)
                            + ": " + rootMessage(e), e);
                }
                LOG.warnf("event %s (%s) failed (attempt %d%s), retrying in %s: %s", event.id(), event.type(), attempt,
                        Failures.isConnectionFailure(e) ? ", a connection failed" : "", delay.get(), rootMessage(e));
                try {
                    sleeper.sleep(delay.get());
                } catch (InterruptedException ie) {
                    if (!stopping) {
                        Thread.currentThread().interrupt();
                    }
                    // shutting down: neither handled nor dead-lettered; the record is consumed again after restart
                    throw new RetryInterruptedException(event, ie);
                }
            }
        }
    }

    /**
     * The envelope (CloudEvents binary mode), then the payload: its type must be one of {@link EventCatalog} and its
     * data must decode into that type's record strictly (no unknown field, no duplicate key).
     */
    public static CloudEvent decode(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = IncomingEvents.decode(record);
        EventCatalog.Entry entry = EventCatalog.byType(event.type()).orElseThrow(() ->
                new MalformedEventException("event " + event.id() + " has an unknown type '" + event.type() + "'"));
        EventJson.readStrict(event.data(), entry.payload());
        return event;
    }

    private static String round(Duration d) {
        return Duration.ofMillis(d.toMillis()).toString().substring(2).toLowerCase();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? e.toString() : e.getMessage() + " (" + t + ")";
    }
}
