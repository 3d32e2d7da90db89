package io.ironcore.datastore;

/**
 * A write into a backup group that belongs to another project: a group has exactly one owner (its {@code owner}
 * file, see {@link GroupOwners}), and no other project's backup or sync may add a snapshot to it.
 */
public class GroupOwnerException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    private final transient BackupGroup group;
    private final String owner;
    private final String refused;

    public GroupOwnerException(BackupGroup group, String owner, String refused, String what) {
        super("backup group " + group + " belongs to project " + owner + ": " + what + " of project " + refused
                + " refused");
        this.group = group;
        this.owner = owner;
        this.refused = refused;
    }

    public BackupGroup group() {
        return group;
    }

    /** The project the group belongs to. */
    public String owner() {
        return owner;
    }

    /** The project whose write was refused. */
    public String refused() {
        return refused;
    }
}
