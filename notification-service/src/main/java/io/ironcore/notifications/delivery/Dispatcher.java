package io.ironcore.notifications.delivery;

import io.ironcore.events.EventJson;
import io.ironcore.events.job.NotificationTarget;
import io.ironcore.notifications.Delivery;
import io.ironcore.notifications.config.RetryConfig;
import io.ironcore.notifications.mail.MailSender;
import io.ironcore.notifications.metrics.MetricSender;
import io.ironcore.notifications.webhook.WebhookRefusedException;
import io.ironcore.notifications.webhook.WebhookSender;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the due deliveries, apart from the Kafka consumers (a slow or failing target never holds up an event): every
 * {@code ironcore.notification.retry.poll} it claims what is due, sends up to {@code threads} at a time, and records
 * each attempt. Every instance runs it; the claim's row locks keep two instances off the same delivery.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    @Inject
    DeliveryStore store;
    @Inject
    RetryConfig retry;
    @Inject
    WebhookSender webhooks;
    @Inject
    MailSender mail;
    @Inject
    MetricSender metrics;

    private ExecutorService sending;
    private ScheduledExecutorService polling;

    /** Polls every {@code poll} (a delay between the end of one round and the next, so rounds never overlap). */
    void start(@Observes StartupEvent event) {
        sending = Executors.newFixedThreadPool(Math.max(1, retry.threads()), r -> daemon(r, "ironcore-delivery"));
        polling = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ironcore-delivery-poll"));
        polling.scheduleWithFixedDelay(this::round, 1000, Math.max(10, retry.poll().toMillis()),
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (polling != null) {
            polling.shutdownNow();
            sending.shutdownNow();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void round() {
        try {
            dispatch();
        } catch (RuntimeException e) {
            // the database may be away for a while: the next round tries again, nothing is lost
            LOG.warnf("delivery round failed: %s", e.toString());
        }
    }

    void dispatch() {
        List<Delivery> due;
        do {
            due = store.claim(retry.batch());
            List<Future<?>> running = new ArrayList<>();
            for (Delivery d : due) {
                running.add(sending.submit(() -> attempt(d)));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    LOG.warnf("a delivery attempt failed: %s", e.getCause().toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } while (due.size() == retry.batch());
    }

    private void attempt(Delivery d) {
        Attempt a = send(d);
        if (!a.sent()) {
            LOG.warnf("%s %s to %s, attempt %d: %s%s", d.via, d.messageId, d.shownTarget, d.attempts, a.reason(),
                    a.permanent() ? " (not retried)" : "");
        }
        store.record(d.id, d.attempts, a);
    }

    /** One attempt at one delivery. */
    Attempt send(Delivery d) {
        try {
            switch (d.via) {
                case OPERATORS -> webhooks.sendToOperators(URI.create(d.target), d.messageId, bytes(d));
                case WEBHOOK -> webhooks.send(URI.create(d.target), d.messageId, bytes(d));
                case EMAIL -> {
                    MailMessage m = EventJson.read(d.body, MailMessage.class);
                    mail.send(d.target, d.messageId, m.subject(), m.text(), m.runId());
                }
                case INFLUXDB, GRAPHITE -> metrics.write(NotificationTarget.parse(d.target).orElseThrow(
                        () -> new IllegalArgumentException(d.shownTarget + " is not a metric server")), d.body);
            }
            return Attempt.ok();
        } catch (WebhookRefusedException e) {
            return Attempt.refused(e.getMessage());
        } catch (IllegalArgumentException e) {
            return Attempt.refused(d.via == Delivery.Via.EMAIL || d.via == Delivery.Via.INFLUXDB
                    || d.via == Delivery.Via.GRAPHITE ? d.shownTarget + " is not allowed: " + e.getMessage()
                    : d.shownTarget + " is not allowed: not a valid URL");
        } catch (RuntimeException e) {
            return Attempt.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static byte[] bytes(Delivery d) {
        return d.body.getBytes(StandardCharsets.UTF_8);
    }
}
