package io.ironcore.worker.service;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.GroupOwnerException;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.FsyncPolicy;
import io.ironcore.events.run.RunRequested;
import io.ironcore.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** Opens the datastores the requests name (creating one on first use), with this worker's options. */
@ApplicationScoped
public class Datastores {
    private static final Logger LOG = Logger.getLogger(Datastores.class);
    @Inject
    WorkerConfig config;
    @Inject
    Clock clock;

    public Datastore openOrCreate(Path root) throws IOException {
        DatastoreOptions options = DatastoreOptions.builder().clock(clock)
                .progressInterval(config.progressInterval())
                .fsyncPolicy(config.fsync() ? FsyncPolicy.SAFE : FsyncPolicy.NONE).build();
        return Datastore.openOrCreate(root, options);
    }

    public Datastore open(Path root) throws IOException {
        return Datastore.open(root, DatastoreOptions.builder().clock(clock).build());
    }

    /** The run's project, which owns the groups it writes and is the only one whose groups it may verify. */
    static String project(RunRequested request) {
        String p = request.project();
        if (p == null || !RestoreTargets.PROJECT.matcher(p).matches()) {
            throw RunFailure.permanent("run " + request.runId() + ": project '" + p
                    + "' is not a valid project name ([a-z0-9][a-z0-9-]*)");
        }
        return p;
    }

    /** Before anything is written: the group is the project's or nobody's yet (the backup itself checks again). */
    static void requireOwnedOrFree(Datastore ds, BackupGroup group, String project) throws IOException {
        Optional<String> owner = ds.groupOwner(group);
        if (owner.isPresent() && !owner.get().equals(project)) {
            throw new GroupOwnerException(group, owner.get(), project, "backup");
        }
    }

    /** The run's answer to a group of another project: which project that is stays in the worker's log. */
    static RunFailure foreignGroup(GroupOwnerException e) {
        LOG.warnf("refused: %s", e.getMessage());
        return RunFailure.permanent("backup group " + e.group() + " belongs to another project; project "
                + e.refused() + " may not write to it");
    }

    static Namespace namespace(String ns) {
        try {
            return Namespace.parse(ns == null ? "" : ns);
        } catch (IllegalArgumentException e) {
            throw RunFailure.permanent("invalid namespace '" + ns + "': " + e.getMessage());
        }
    }
}
