package io.ironcore.notifications.mail;

import io.ironcore.events.job.NotificationTarget;
import io.ironcore.events.run.RunStats;
import io.ironcore.notifications.webhook.RunSummary;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a run notification as a plain-text email through the SMTP relay of {@code quarkus.mailer.*} (host, port,
 * from; STARTTLS when the relay offers it, login when a user name is set). A refused or failed send is a failure the
 * caller retries; {@code X-Ironcore-Message-Id} stays the same across retries so a mail filter can drop a repeat.
 */
@ApplicationScoped
public class MailSender {
    /** How long one send may take before it counts as failed (and the event is retried). */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Mailer mailer;

    /**
     * The send runs on a thread of its own: the caller is a Kafka consumer's worker on an ordered Vert.x context, and
     * the mail client completes its work on the caller's context, which the caller would be blocking: a deadlock.
     */
    private final ExecutorService sending = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ironcore-mail");
        t.setDaemon(true);
        return t;
    });

    /** {@code to}: an email target ({@link NotificationTarget}), an address with or without {@code mailto:}. */
    public void send(String to, String messageId, RunSummary run) {
        send(to, messageId, subject(run), text(run), run.runId());
    }

    /** A message of this subject and text; {@code runId} (absent for a job's RPO) goes in {@code X-Ironcore-Run-Id}. */
    public void send(String to, String messageId, String subject, String text, String runId) {
        NotificationTarget target = NotificationTarget.parse(to)
                .filter(t -> t.kind() == NotificationTarget.Kind.EMAIL)
                .orElseThrow(() -> new IllegalArgumentException(to + " is not an email address"));
        String address = target.address();
        Mail mail = Mail.withText(address, subject, text);
        mail.addHeader("X-Ironcore-Message-Id", messageId);
        if (runId != null) {
            mail.addHeader("X-Ironcore-Run-Id", runId);
        }
        Future<?> f = sending.submit(() -> mailer.send(mail));
        try {
            f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("mail to " + address + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("mail to " + address + " timed out after " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @PreDestroy
    void stop() {
        sending.shutdownNow();
    }

    public static String subject(RunSummary run) {
        return "[Ironcore Backup] " + run.job() + ": run " + run.status().toLowerCase(Locale.ROOT);
    }

    public static String text(RunSummary run) {
        StringBuilder b = new StringBuilder();
        b.append("Job:       ").append(run.job()).append('\n');
        b.append("Run:       ").append(run.runId()).append('\n');
        b.append("Status:    ").append(run.status()).append('\n');
        if (run.workerId() != null) {
            b.append("Worker:    ").append(run.workerId()).append('\n');
        }
        if (run.startedAt() != null) {
            b.append("Started:   ").append(run.startedAt()).append('\n');
        }
        if (run.finishedAt() != null) {
            b.append("Finished:  ").append(run.finishedAt()).append('\n');
        }
        if (run.reason() != null) {
            b.append("Reason:    ").append(run.reason()).append('\n');
        }
        RunStats s = run.stats();
        if (s != null) {
            b.append(String.format(Locale.ROOT, "Read:      %d bytes, %d changed, %d written%n", s.bytesRead(),
                    s.bytesChanged(), s.bytesWritten()));
            b.append(String.format(Locale.ROOT, "Chunks:    %d (%d written, %d reused, %d zero)%n", s.chunks(),
                    s.chunksWritten(), s.chunksReused(), s.chunksZero()));
        }
        if (run.snapshots() != null && !run.snapshots().isEmpty()) {
            b.append("Snapshots: ").append(run.snapshots().size()).append('\n');
        }
        return b.toString();
    }
}
