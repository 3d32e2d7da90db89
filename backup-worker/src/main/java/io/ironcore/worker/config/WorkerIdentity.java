package io.ironcore.worker.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.InetAddress;
import java.util.UUID;

/** The name of this worker instance. */
@ApplicationScoped
public class WorkerIdentity {
    private final String id;

    @Inject
    public WorkerIdentity(WorkerConfig config) {
        this.id = config.id().filter(s -> !s.isBlank()).orElseGet(() -> host() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
    }

    public String id() {
        return id;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "worker";
        }
    }
}
