package io.ironcore.worker.service;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.BackupMode;
import io.ironcore.datastore.BackupRequest;
import io.ironcore.datastore.BackupResult;
import io.ironcore.datastore.BackupStats;
import io.ironcore.datastore.CancellationToken;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.FileImageSource;
import io.ironcore.datastore.ImageSource;
import io.ironcore.datastore.LockedException;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.ProgressListener;
import io.ironcore.datastore.RateLimitedSource;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Performs one backup run: one snapshot per source (backup group {@code vm/<id>}) in the job's datastore. */
@ApplicationScoped
public class BackupRunner {
    @Inject
    Datastores datastores;
    @Inject
    WorkerConfig config;

    /** What a run produced. */
    public record Outcome(RunStats stats, List<SnapshotCreated> snapshots) {
    }

    /**
     * @param progress told the bytes done across all sources and their total
     */
    public Outcome run(RunRequested request, CancellationToken cancel, ProgressListener progress) {
        Namespace ns = Datastores.namespace(request.namespace());
        BackupMode mode = JobSpec.MODE_FULL.equals(request.mode()) ? BackupMode.FULL : BackupMode.INCREMENTAL;
        List<SnapshotCreated> snapshots = new ArrayList<>();
        BackupStats total = BackupStats.EMPTY;
        long grandTotal = request.sources().stream().flatMap(s -> s.disks().stream())
                .mapToLong(d -> size(d.path())).sum();
        long[] before = {0};
        try (Datastore ds = datastores.openOrCreate(Path.of(request.datastore().path()))) {
            for (RunSource source : request.sources()) {
                List<ImageSource> images = open(source);
                try {
                    long offset = before[0];
                    BackupRequest.Builder b = BackupRequest.builder(BackupGroup.of(ns, "vm", source.id()))
                            .mode(mode).jobId(request.jobId()).runId(request.runId()).cancellation(cancel)
                            .progress((done, t) -> progress.progress(offset + done, grandTotal));
                    images.forEach(b::image);
                    BackupResult result = ds.backup(b.build());
                    total = total.plus(result.stats());
                    before[0] += result.stats().bytesTotal();
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

    private static long size(String path) {
        try {
            return Files.size(Path.of(path));
        } catch (IOException e) {
            return 0;
        }
    }

    private List<ImageSource> open(RunSource source) {
        List<ImageSource> images = new ArrayList<>();
        // the run's images are read one after another, so one limit per image is the run's limit
        OptionalLong limit = config.readRateLimit().map(m -> OptionalLong.of(m.asLongValue()))
                .orElse(OptionalLong.empty());
        for (DiskImage disk : source.disks()) {
            Path path = Path.of(disk.path());
            if (!Files.isReadable(path)) {
                closeAll(images);
                throw RunFailure.permanent("source " + source.id() + ": disk image " + disk.path() + " not found");
            }
            try {
                ImageSource image = FileImageSource.open(disk.name(), path);
                images.add(limit.isPresent() ? new RateLimitedSource(image, limit.getAsLong()) : image);
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
