package io.ironcore.worker.service;

import io.ironcore.datastore.BlockDevices;
import io.ironcore.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where this worker may read disk images: below the configured source roots only ({@value #SETTING}). A disk path
 * comes from an event, so it is hostile: it is resolved with its links and {@code ..} at the moment the image is
 * opened, its real path must be a regular file or a block device strictly below a root's real path, and the real
 * path is what is opened. One exception: a root under {@code /dev} (such as {@code /dev/vg0}) also admits the block
 * devices its links lead to, since udev's links there point at the nodes themselves.
 */
@ApplicationScoped
public class SourceRoots {
    static final String SETTING = "ironcore.worker.source-roots";
    private static final Path DEV = Path.of("/dev");
    private static final Logger LOG = Logger.getLogger(SourceRoots.class);

    @Inject
    WorkerConfig config;

    /**
     * The real path of a disk this worker may read.
     *
     * @param group the backup group the disk belongs to, for the messages ({@code vm/12345})
     * @throws RunFailure (permanent) naming the disk and the reason when it may not be read
     */
    public Path admit(String group, String disk) {
        List<Path> roots = roots();
        if (roots.isEmpty()) {
            throw RunFailure.permanent("disk " + disk + " of " + group + " is refused: this worker has no source roots"
                    + " (" + SETTING + " is not set)");
        }
        Path given;
        try {
            given = Path.of(disk);
        } catch (InvalidPathException | NullPointerException e) {
            throw RunFailure.permanent("disk " + disk + " of " + group + " is not a valid path");
        }
        Path real;
        try {
            real = given.toRealPath();
        } catch (NoSuchFileException e) {
            // say "not found" only for a path that would be inside: nothing is told about files elsewhere
            if (below(given.toAbsolutePath().normalize(), roots)) {
                throw RunFailure.permanent("disk " + disk + " of " + group + " not found");
            }
            throw outside(group, disk);
        } catch (IOException | SecurityException e) {
            throw outside(group, disk);
        }
        boolean device = BlockDevices.isBlockDevice(real);
        if (!below(real, roots) && !(device && below(given.toAbsolutePath().normalize(), deviceRoots(roots)))) {
            throw outside(group, disk);
        }
        if (!device && !BlockDevices.isRegularFile(real)) {
            throw RunFailure.permanent("disk " + disk + " of " + group + " is not a regular file or block device");
        }
        return real;
    }

    private static RunFailure outside(String group, String disk) {
        return RunFailure.permanent("disk " + disk + " of " + group + " is outside the worker's source roots ("
                + SETTING + ")");
    }

    /**
     * The roots under /dev (udev's, root's only): their links lead to the device nodes themselves ({@code /dev/vg0/lv}
     * to {@code /dev/dm-3}, {@code /dev/zvol/pool/vm-1} to {@code /dev/zd0}), so a block device reached through one of
     * them is admitted by the path given. Elsewhere a link might be anyone's, and only real paths count.
     */
    private static List<Path> deviceRoots(List<Path> roots) {
        return roots.stream().filter(r -> r.startsWith(DEV) && !r.equals(DEV)).toList();
    }

    private static boolean below(Path path, List<Path> roots) {
        return roots.stream().anyMatch(root -> path.startsWith(root) && !path.equals(root));
    }

    /** The configured roots that exist, by their real paths. */
    List<Path> roots() {
        List<Path> roots = new ArrayList<>();
        for (String r : config.sourceRoots().orElse(List.of())) {
            try {
                Path p = Path.of(r.trim());
                if (!p.isAbsolute()) {
                    LOG.warnf("%s: %s is not an absolute path, ignored", SETTING, r);
                    continue;
                }
                roots.add(p.toRealPath());
            } catch (IOException | InvalidPathException e) {
                LOG.warnf("%s: %s cannot be resolved (%s), ignored", SETTING, r, e.getMessage());
            }
        }
        return roots;
    }
}
