package io.ironcore.worker.service;

import io.ironcore.datastore.BackupGroup;
import io.ironcore.datastore.BackupMode;
import io.ironcore.datastore.BackupRequest;
import io.ironcore.datastore.BackupResult;
import io.ironcore.datastore.BackupStats;
import io.ironcore.datastore.CancellationToken;
import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.FileImageSource;
import io.ironcore.datastore.GroupOwnerException;
import io.ironcore.datastore.ImageSizeUnknownException;
import io.ironcore.datastore.ImageSource;
import io.ironcore.datastore.LockedException;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.ProgressListener;
import io.ironcore.datastore.RateLimitedSource;
import io.ironcore.events.run.DiskImage;
import io.ironcore.events.run.RunMode;
import io.ironcore.events.run.RunRequested;
import io.ironcore.events.run.RunSource;
import io.ironcore.events.run.RunStats;
import io.ironcore.events.run.SnapshotCreated;
import io.ironcore.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Performs one backup run: one snapshot per source (backup group {@code vm/<id>}) in the job's datastore, each group
 * the run's project's: a group of another project is refused before anything is written.
 */
@ApplicationScoped
public class BackupRunner {
    @Inject
    Datastores datastores;
    @Inject
    WorkerConfig config;
    @Inject
    SourceRoots sourceRoots;

    /** What a run produced. */
    public record Outcome(RunStats stats, List<SnapshotCreated> snapshots) {
    }

    /**
     * @param progress told the bytes done across all sources and their total
     */
    public Outcome run(RunRequested request, CancellationToken cancel, ProgressListener progress) {
        Namespace ns = Datastores.namespace(request.namespace());
        String project = Datastores.project(request);
        BackupMode mode = request.mode() == RunMode.FULL ? BackupMode.FULL : BackupMode.INCREMENTAL;
        List<SnapshotCreated> snapshots = new ArrayList<>();
        BackupStats total = BackupStats.EMPTY;
        // every disk of every source is checked and opened before anything is written
        List<List<ImageSource>> opened = new ArrayList<>();
        try {
            for (RunSource source : request.sources()) {
                if (source == null) {
                    throw RunFailure.permanent("a source of the run is empty");
                }
                opened.add(open(source));
            }
            long grandTotal = 0;
            for (List<ImageSource> images : opened) {
                for (ImageSource i : images) {
                    grandTotal += i.size();
                }
            }
            long before = 0;
            try (Datastore ds = datastores.openOrCreate(Path.of(request.datastore().path()))) {
                for (RunSource source : request.sources()) {
                    Datastores.requireOwnedOrFree(ds, BackupGroup.of(ns, "vm", source.id()), project);
                }
                for (int n = 0; n < opened.size(); n++) {
                    RunSource source = request.sources().get(n);
                    long offset = before;
                    long all = grandTotal;
                    BackupRequest.Builder b = BackupRequest.builder(BackupGroup.of(ns, "vm", source.id()))
                            .mode(mode).jobId(request.jobId()).runId(request.runId()).owner(project)
                            .cancellation(cancel)
                            .progress((done, t) -> progress.progress(offset + done, all));
                    opened.get(n).forEach(b::image);
                    BackupResult result = ds.backup(b.build());
                    total = total.plus(result.stats());
                    before += result.stats().bytesTotal();
                    snapshots.add(new SnapshotCreated(source.id(), result.snapshot().toString(),
                            result.stats().bytesTotal(), result.snapshot().time()));
                }
            }
        } catch (GroupOwnerException e) {
            throw Datastores.foreignGroup(e);
        } catch (LockedException e) {
            throw new RunFailure("datastore busy: " + e.getMessage(), true, e);
        } catch (IOException e) {
            throw new RunFailure("datastore " + request.datastore().name() + ": " + e.getMessage(), true, e);
        } finally {
            opened.forEach(BackupRunner::closeAll);
        }
        return new Outcome(new RunStats(total.bytesRead(), total.bytesChanged(), total.bytesUploaded(),
                total.chunksTotal(), total.chunksNew(), total.chunksReused(), total.chunksZero()), snapshots);
    }

    /** The source's disks, each admitted by the source roots, opened by its real path and of a known, nonzero size. */
    private List<ImageSource> open(RunSource source) {
        List<ImageSource> images = new ArrayList<>();
        String group = "vm/" + source.id();
        try {
            BackupGroup.vm(source.id());
        } catch (IllegalArgumentException e) {
            throw RunFailure.permanent("source " + source.id() + ": " + e.getMessage());
        }
        if (source.disks() == null || source.disks().isEmpty()) {
            throw RunFailure.permanent("source " + group + " has no disks");
        }
        // the run's images are read one after another, so one limit per image is the run's limit
        OptionalLong limit = config.readRateLimit().map(m -> OptionalLong.of(m.asLongValue()))
                .orElse(OptionalLong.empty());
        try {
            for (DiskImage disk : source.disks()) {
                Path real = sourceRoots.admit(group, disk.path());
                ImageSource image;
                try {
                    image = FileImageSource.openResolved(disk.name(), real);
                } catch (IllegalArgumentException e) {
                    throw RunFailure.permanent("disk " + disk.path() + " of " + group + ": " + e.getMessage());
                } catch (ImageSizeUnknownException e) {
                    throw RunFailure.permanent("disk " + disk.path() + " of " + group + ": size unknown ("
                            + e.getMessage() + ")");
                } catch (IOException e) {
                    throw new RunFailure("disk " + disk.path() + " of " + group + ": cannot read: "
                            + e.getMessage(), true, e);
                }
                images.add(image);
                long size = size(image, group, disk);
                if (size <= 0) {
                    throw RunFailure.permanent("disk " + disk.path() + " of " + group + " has size 0");
                }
                if (limit.isPresent()) {
                    images.set(images.size() - 1, new RateLimitedSource(image, limit.getAsLong()));
                }
            }
            return images;
        } catch (RuntimeException e) {
            closeAll(images);
            throw e;
        }
    }

    private static long size(ImageSource image, String group, DiskImage disk) {
        try {
            return image.size();
        } catch (IOException e) {
            throw RunFailure.permanent("disk " + disk.path() + " of " + group + ": size unknown (" + e.getMessage()
                    + ")");
        }
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
