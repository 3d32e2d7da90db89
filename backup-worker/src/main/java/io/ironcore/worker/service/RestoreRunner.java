package io.ironcore.worker.service;

import io.ironcore.datastore.CorruptChunkException;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.SnapshotNotFoundException;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.events.restore.RestoreRequested;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Restores one image of a snapshot to a path below its project's restore directory ({@link RestoreTargets}), byte
 * for byte (every chunk is checked against its digest). The file appears under its name only when complete.
 */
@ApplicationScoped
public class RestoreRunner {
    @Inject
    Datastores datastores;
    @Inject
    RestoreTargets targets;

    /** @return the path written */
    public Path run(RestoreRequested request) {
        SnapshotRef ref;
        try {
            ref = SnapshotRef.parse(request.snapshotId());
        } catch (IllegalArgumentException e) {
            throw RunFailure.permanent("invalid snapshot id " + request.snapshotId());
        }
        Path target = targets.resolve(request);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (Datastore ds = datastores.open(Path.of(request.datastore().path()))) {
            Files.deleteIfExists(partial); // a link put there is removed, not followed
            ds.restore(ref, request.image(), partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (CorruptChunkException e) {
            throw RunFailure.permanent("snapshot " + request.snapshotId() + " is damaged: " + e.getMessage());
        } catch (SnapshotNotFoundException e) {
            throw RunFailure.permanent("snapshot " + request.snapshotId() + " not found: " + e.getMessage());
        } catch (IOException e) {
            throw new RunFailure("restore of " + request.snapshotId() + ": " + e.getMessage(), true, e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
