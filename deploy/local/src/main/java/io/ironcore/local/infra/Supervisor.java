package io.ironcore.local.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps child processes running: when one dies it is started again after a back-off (1 s, doubling up to 30 s, back
 * to 1 s once a child stayed up a minute), with one line said each time, e.g. {@code backup-worker exited with 137;
 * restarting in 2 s (restart 3)}. Once {@link #close() closed} (on the way down, Ctrl-C or SIGTERM) it restarts
 * nothing and says nothing; it never stops a child itself.
 */
public final class Supervisor implements AutoCloseable {
    /** How long to wait before a restart: {@code first}, doubled each time up to {@code max}; reset after a child stayed up {@code resetAfter}. */
    public record Backoff(Duration first, Duration max, Duration resetAfter) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofMinutes(1));

        Duration next(Duration previous) {
            Duration doubled = previous.multipliedBy(2);
            return doubled.compareTo(max) > 0 ? max : doubled;
        }
    }

    /**
     * On Ctrl-C the terminal signals the children too, so they may exit a moment before this JVM's shutdown closes
     * the supervisor: a death is only reported (and acted on) when the supervisor is still open after this long.
     */
    private static final Duration SETTLE = Duration.ofMillis(300);

    private final Backoff backoff;
    private final Consumer<String> say;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private final List<Thread> watchers = new ArrayList<>();

    public Supervisor(Backoff backoff, Consumer<String> say) {
        this.backoff = backoff;
        this.say = say;
    }

    /**
     * Watches {@code running}, a child that has just been started, and starts it again with {@code restart} each
     * time it dies. {@code restart} may throw (a port still taken, a missing jar): that counts as a death too.
     */
    public synchronized void supervise(String name, ChildProcess running, Supplier<ChildProcess> restart) {
        if (closed.getCount() == 0) {
            throw new IllegalStateException("supervisor is closed");
        }
        restarts.putIfAbsent(name, 0);
        Thread t = new Thread(() -> watch(name, running, restart), "supervise-" + name);
        t.setDaemon(true);
        watchers.add(t);
        t.start();
    }

    /** How often the named child has been restarted. */
    public int restarts(String name) {
        return restarts.getOrDefault(name, 0);
    }

    private void watch(String name, ChildProcess first, Supplier<ChildProcess> restart) {
        ChildProcess current = first;
        long startedAt = System.nanoTime();
        Duration delay = null;
        while (true) {
            String death;
            if (current != null) {
                int code;
                try {
                    code = current.process().waitFor();
                } catch (InterruptedException e) {
                    return;
                }
                death = name + " exited with " + code;
            } else {
                death = name + " did not start";
            }
            if (await(SETTLE)) {
                return;
            }
            boolean upLongEnough = Duration.ofNanos(System.nanoTime() - startedAt).compareTo(backoff.resetAfter()) >= 0;
            delay = delay == null || upLongEnough ? backoff.first() : backoff.next(delay);
            int n = restarts.merge(name, 1, Integer::sum);
            say.accept(death + "; restarting in " + format(delay) + " (restart " + n + ")");
            Duration rest = delay.minus(SETTLE);
            if (!rest.isNegative() && await(rest)) {
                return;
            }
            startedAt = System.nanoTime();
            try {
                current = restart.get();
            } catch (RuntimeException e) {
                say.accept(name + " could not be started: " + e.getMessage());
                current = null;
            }
        }
    }

    /** Waits, and answers true when the supervisor was closed meanwhile. */
    private boolean await(Duration d) {
        try {
            return closed.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /** Restarts nothing from now on; the children keep running (their owner stops them). */
    @Override
    public void close() {
        closed.countDown();
    }
}
