package io.ironcore.local;

import io.ironcore.local.infra.ChildProcess;
import io.ironcore.local.infra.Supervisor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A supervised child process that dies is started again, with a back-off and one line each time. */
@Timeout(60)
class SupervisorTest {
    @TempDir
    Path dir;

    private final List<ChildProcess> started = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> said = new LinkedBlockingQueue<>();
    private final AtomicReference<ChildProcess> current = new AtomicReference<>();

    @AfterEach
    void stopChildren() {
        started.forEach(ChildProcess::kill);
    }

    private ChildProcess startChild() {
        ChildProcess p = ChildProcess.start("sleeper", List.of("sleep", "600"), Map.of(), dir, dir.resolve("s.log"));
        started.add(p);
        current.set(p);
        return p;
    }

    @Test
    void aKilledChildIsRestartedWithADoublingBackoffAndSaysSo() throws Exception {
        try (Supervisor supervisor = new Supervisor(Supervisor.Backoff.DEFAULT, said::add)) {
            ChildProcess first = startChild();
            supervisor.supervise("sleeper", first, this::startChild);

            long killedAt = System.nanoTime();
            first.process().destroyForcibly();
            assertThat(said.poll(10, TimeUnit.SECONDS)).isEqualTo("sleeper exited with 137; restarting in 1 s (restart 1)");
            ChildProcess second = awaitNewChild(first);
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(second.isAlive()).isTrue();

            killedAt = System.nanoTime();
            second.process().destroyForcibly();
            assertThat(said.poll(10, TimeUnit.SECONDS)).isEqualTo("sleeper exited with 137; restarting in 2 s (restart 2)");
            ChildProcess third = awaitNewChild(second);
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(third.isAlive()).isTrue();
            assertThat(supervisor.restarts("sleeper")).isEqualTo(2);
        }
    }

    @Test
    void aChildThatStayedUpLongEnoughStartsTheBackoffAgain() throws Exception {
        Supervisor.Backoff quick = new Supervisor.Backoff(Duration.ofMillis(400), Duration.ofMillis(1600),
                Duration.ofSeconds(3));
        try (Supervisor supervisor = new Supervisor(quick, said::add)) {
            ChildProcess p = startChild();
            supervisor.supervise("sleeper", p, this::startChild);
            // dies at once, three times: 400 ms, 800 ms, 1600 ms
            for (String delay : List.of("400 ms", "800 ms", "1600 ms")) {
                p.process().destroyForcibly();
                assertThat(said.poll(10, TimeUnit.SECONDS)).startsWith("sleeper exited with 137; restarting in " + delay);
                p = awaitNewChild(p);
            }
            // the cap
            p.process().destroyForcibly();
            assertThat(said.poll(10, TimeUnit.SECONDS)).isEqualTo("sleeper exited with 137; restarting in 1600 ms (restart 4)");
            p = awaitNewChild(p);
            // up longer than resetAfter: back to the first delay, the count goes on
            Thread.sleep(3200);
            p.process().destroyForcibly();
            assertThat(said.poll(10, TimeUnit.SECONDS)).isEqualTo("sleeper exited with 137; restarting in 400 ms (restart 5)");
            awaitNewChild(p);
        }
    }

    @Test
    void nothingIsRestartedOrSaidOnceClosed() throws Exception {
        Supervisor supervisor = new Supervisor(Supervisor.Backoff.DEFAULT, said::add);
        ChildProcess p = startChild();
        supervisor.supervise("sleeper", p, this::startChild);
        supervisor.close();
        p.process().destroyForcibly();
        p.process().waitFor();
        assertThat(said.poll(2500, TimeUnit.MILLISECONDS)).isNull();
        assertThat(started).hasSize(1);
    }

    @Test
    void aChildThatDiesAsTheSupervisorClosesIsNotReported() throws Exception {
        // Ctrl-C: the terminal's SIGINT reaches the children a moment before the shutdown closes the supervisor
        Supervisor supervisor = new Supervisor(Supervisor.Backoff.DEFAULT, said::add);
        ChildProcess p = startChild();
        supervisor.supervise("sleeper", p, this::startChild);
        p.process().destroyForcibly();
        Thread.sleep(100);
        supervisor.close();
        assertThat(said.poll(2500, TimeUnit.MILLISECONDS)).isNull();
        assertThat(started).hasSize(1);
    }

    @Test
    void aRestartThatFailsIsSaidAndTriedAgain() throws Exception {
        Supervisor.Backoff quick = new Supervisor.Backoff(Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofMinutes(1));
        int[] attempts = {0};
        try (Supervisor supervisor = new Supervisor(quick, said::add)) {
            ChildProcess p = startChild();
            supervisor.supervise("sleeper", p, () -> {
                if (attempts[0]++ == 0) {
                    throw new IllegalStateException("port 8082 on 127.0.0.1 is already in use");
                }
                return startChild();
            });
            p.process().destroyForcibly();
            assertThat(said.poll(10, TimeUnit.SECONDS)).isEqualTo("sleeper exited with 137; restarting in 400 ms (restart 1)");
            assertThat(said.poll(10, TimeUnit.SECONDS))
                    .isEqualTo("sleeper could not be started: port 8082 on 127.0.0.1 is already in use");
            assertThat(said.poll(10, TimeUnit.SECONDS)).isEqualTo("sleeper did not start; restarting in 800 ms (restart 2)");
            assertThat(awaitNewChild(p).isAlive()).isTrue();
        }
    }

    private ChildProcess awaitNewChild(ChildProcess old) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (current.get() == old) {
            assertThat(System.nanoTime()).as("a new child within 40 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        return current.get();
    }
}
