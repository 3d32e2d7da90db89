package io.ironcore.worker.service;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.BackupMode;
import io.ironcore.datastore.BackupRequest;
import io.ironcore.datastore.BackupResult;
import io.ironcore.datastore.BackupStats;
import io.ironcore.datastore.CancellationToken;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.FileImageSource;
import io.ironcore.datastore.ImageSource;
import io.ironcore.datastore.LockedException;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.SyncPolicy;
import io.ironcore.events.job.JobSpec;
import io.ironcore.events.run.DiskImage;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Performs one run: one snapshot per source (backup group {@code vm/<id>}) in the job's datastore and namespace. */
@ApplicationScoped
public class BackupRunner {
    @Inject
    WorkerConfig config;
    @Inject
    Clock clock;

    /** What a run produced. */
    public record Outcome(RunStats stats, List<SnapshotCreated> snapshots) {
    }

    public Outcome run(RunRequested request, CancellationToken cancel) {
        Namespace ns;
        try {
            ns = Namespace.parse(request.namespace() == null ? "" : request.namespace());
        } catch (IllegalArgumentException e) {
            throw RunFailure.permanent("invalid namespace '" + request.namespace() + "': " + e.getMessage());
        }
        BackupMode mode = JobSpec.MODE_FULL.equals(request.mode()) ? BackupMode.FULL : BackupMode.INCREMENTAL;
        List<SnapshotCreated> snapshots = new ArrayList<>();
        BackupStats total = BackupStats.EMPTY;
        try (Datastore ds = openOrCreate(Path.of(request.datastore().path()))) {
            for (RunSource source : request.sources()) {
                List<ImageSource> images = open(source);
                try {
                    BackupRequest.Builder b = BackupRequest.builder(BackupGroup.of(ns, "vm", source.id()))
                            .mode(mode).jobId(request.jobId()).runId(request.runId()).cancellation(cancel);
                    images.forEach(b::image);
                    BackupResult result = ds.backup(b.build());
                    total = total.plus(result.stats());
                    snapshots.add(new SnapshotCreated(source.id(), result.snapshot().toString(),
                            result.stats().bytesTotal()));
                } finally {
                    closeAll(images);
                }
            }
        } catch (LockedException e) {
            throw new RunFailure("datastore busy: " + e.getMessage(), true, e);
        } catch (IOException e) {
            throw new RunFailure("datastore " + request.datastore().name() + ": " + e.getMessage(), true, e);
        }
        return new Outcome(new RunStats(total.bytesRead(), total.bytesChanged(), total.bytesUploaded(),
                total.chunksTotal(), total.chunksNew(), total.chunksReused(), total.chunksZero()), snapshots);
    }

    private Datastore openOrCreate(Path root) throws IOException {
        DatastoreOptions options = DatastoreOptions.builder().clock(clock)
                .syncPolicy(config.fsync() ? SyncPolicy.SAFE : SyncPolicy.NONE).build();
        if (!Files.exists(root.resolve(".datastore.json"))) {
            try {
                return Datastore.create(root, options);
            } catch (FileAlreadyExistsException e) {
                // created by another worker at the same moment, or a non-empty directory: open it
            }
        }
        return Datastore.open(root, options);
    }

    private static List<ImageSource> open(RunSource source) {
        List<ImageSource> images = new ArrayList<>();
        for (DiskImage disk : source.disks()) {
            Path path = Path.of(disk.path());
            if (!Files.isReadable(path)) {
                closeAll(images);
                throw RunFailure.permanent("source " + source.id() + ": disk image " + disk.path() + " not found");
            }
            try {
                images.add(FileImageSource.open(disk.name(), path));
            } catch (IOException e) {
                closeAll(images);
                throw new RunFailure("source " + source.id() + ": cannot read " + disk.path() + ": "
                        + e.getMessage(), true, e);
            }
        }
        return images;
    }

    private static void closeAll(List<ImageSource> images) {
        for (ImageSource i : images) {
            try {
                i.close();
            } catch (Exception ignored) {
                // reading only
            }
        }
    }
}
