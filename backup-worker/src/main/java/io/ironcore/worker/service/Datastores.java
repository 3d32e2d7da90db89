package io.ironcore.worker.service;

import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SyncPolicy;
import io.ironcore.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the datastores the requests name (creating one on first use), with this worker's options. */
@ApplicationScoped
public class Datastores {
    @Inject
    WorkerConfig config;
    @Inject
    Clock clock;

    public Datastore openOrCreate(Path root) throws IOException {
        DatastoreOptions options = DatastoreOptions.builder().clock(clock)
                .progressInterval(config.progressInterval())
                .syncPolicy(config.fsync() ? SyncPolicy.SAFE : SyncPolicy.NONE).build();
        return Datastore.openOrCreate(root, options);
    }

    public Datastore open(Path root) throws IOException {
        return Datastore.open(root, DatastoreOptions.builder().clock(clock).build());
    }

    static Namespace namespace(String ns) {
        try {
            return Namespace.parse(ns == null ? "" : ns);
        } catch (IllegalArgumentException e) {
            throw RunFailure.permanent("invalid namespace '" + ns + "': " + e.getMessage());
        }
    }
}
