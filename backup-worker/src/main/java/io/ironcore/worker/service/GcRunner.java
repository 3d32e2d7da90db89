package io.ironcore.worker.service;

import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.GcOptions;
import io.ironcore.datastore.GcStats;
import io.ironcore.datastore.LockedException;
import io.ironcore.events.run.RunRequested;
import io.ironcore.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A GC run: marks every chunk any index references, then removes unreferenced chunks older than the grace period
 * and older than the start of every backup still writing (in any process: writers register in the datastore), so
 * a running backup never loses a chunk it wrote or reuses.
 */
@ApplicationScoped
public class GcRunner {
    @Inject
    Datastores datastores;
    @Inject
    WorkerConfig config;

    public GcStats run(RunRequested request) {
        try (Datastore ds = datastores.open(Path.of(request.datastore().path()))) {
            return ds.garbageCollector().run(new GcOptions(config.gcGrace(), config.gcSafetyMargin()));
        } catch (LockedException e) {
            throw new RunFailure("another garbage collection runs on " + request.datastore().name(), true, e);
        } catch (IOException e) {
            throw new RunFailure("datastore " + request.datastore().name() + ": " + e.getMessage(), true, e);
        }
    }
}
