package io.ironcore.datastore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The owner of a backup group: the file {@code <group>/owner} holding one project name (and a newline), written once,
 * atomically, under the group's exclusive lock by the first backup or sync that writes into the group for a project
 * (docs/design/datastore-format.md). A group without the file was written before owners existed, or only by writers
 * that name no owner (an operator's CLI): it belongs to no project until an owner-aware writer claims it.
 */
final class GroupOwners {
    static final String FILE = "owner";
    /** Longer content is not a project name; read no more than this. */
    private static final int MAX_BYTES = 256;
    private static final System.Logger LOG = System.getLogger(GroupOwners.class.getName());

    private GroupOwners() {
    }

    /** Checks a project name given as an owner; null stays null (no owner). */
    static String check(String owner) {
        return owner == null ? null : Names.checkComponent("owner (project)", owner, Names.MAX_GROUP_ID_LENGTH);
    }

    static Optional<String> read(Path root, BackupGroup group) throws IOException {
        Path f = group.resolve(root).resolve(FILE);
        byte[] bytes;
        try {
            if (Files.size(f) > MAX_BYTES) {
                LOG.log(System.Logger.Level.WARNING, "owner file of " + group + " is not a project name (too long)");
                return Optional.of("");
            }
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        // a damaged file names no valid project: nobody's listing shows the group and every project's write is refused
        return Optional.of(new String(bytes, StandardCharsets.UTF_8).strip());
    }

    /**
     * Under the group's exclusive lock: the group is {@code owner}'s after this, or a {@link GroupOwnerException} says
     * whose it is. A group without an owner is claimed (its directory created if need be). A null owner checks and
     * claims nothing.
     *
     * @param what the write, for the refusal ("backup", "sync")
     */
    static void claim(Datastore ds, BackupGroup group, String owner, String what) throws IOException {
        if (owner == null) {
            return;
        }
        Optional<String> current = read(ds.root(), group);
        if (current.isPresent()) {
            if (!current.get().equals(owner)) {
                throw new GroupOwnerException(group, current.get(), owner, what);
            }
            return;
        }
        boolean safe = ds.options().fsyncPolicy() == FsyncPolicy.SAFE;
        Path dir = group.resolve(ds.root());
        boolean legacy = Files.isDirectory(dir) && !ds.snapshotDirTimes(group).isEmpty();
        Files.createDirectories(dir);
        Fs.writeAtomic(dir.resolve(FILE), (owner + "\n").getBytes(StandardCharsets.UTF_8), safe);
        if (safe) {
            Fs.fsyncDir(dir);
            Fs.fsyncDir(dir.getParent());
        }
        if (legacy) {
            LOG.log(System.Logger.Level.INFO, "backup group " + group + " had no owner (written before owners "
                    + "existed): it is project " + owner + "'s now (" + what + ")");
        }
    }
}
