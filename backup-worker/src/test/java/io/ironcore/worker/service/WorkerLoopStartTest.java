package io.ironcore.worker.service;

import io.ironcore.worker.config.WorkerConfig;
import io.ironcore.worker.config.WorkerIdentity;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of a worker's start (issue 14's wedge: a scheduled poll ran before StartupEvent had made the pool, after
 * its claim was committed): the pool exists from construction, and nothing is claimed before the loop has started.
 */
class WorkerLoopStartTest {
    @Test
    void nothingIsClaimedBeforeStartupAndThePoolExistsBeforeAnyPoll() {
        AtomicInteger claims = new AtomicInteger();
        WorkerLoop loop = new WorkerLoop();
        loop.config = config();
        loop.clock = Clock.systemUTC();
        loop.identity = new WorkerIdentity(loop.config);
        loop.queue = new RunQueue() {
            @Override
            public Optional<Claim> claimNext(String workerId) {
                claims.incrementAndGet();
                return Optional.empty();
            }
        };
        loop.init();
        assertThat(loop.pool()).isNotNull();
        loop.poll();
        loop.heartbeat();
        assertThat(claims).as("claimed before the loop started").hasValue(0);
        assertThat(loop.problem()).isEqualTo("not started");

        loop.start(null);
        loop.poll();
        assertThat(claims).hasValue(1);
        assertThat(loop.problem()).isNull();
        loop.stop(null);
        assertThat(loop.pool().isShutdown()).isTrue();
    }

    private static WorkerConfig config() {
        return (WorkerConfig) Proxy.newProxyInstance(WorkerConfig.class.getClassLoader(),
                new Class<?>[] {WorkerConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "concurrency" -> 1;
                    case "lease" -> Duration.ofSeconds(60);
                    case "id" -> Optional.of("start-test");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
