package io.ironcore.datastore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One backup run: one or more images of one group into one new snapshot.
 *
 * @param runId idempotence key: if a complete snapshot of the group already records this run id, the backup returns it
 *              instead of making a second one (null disables the check)
 * @param owner the project the group belongs to: the first backup of a group (or the first since owners exist) makes
 *              it that project's ({@code <group>/owner}), and a backup naming another project is refused with a
 *              {@link GroupOwnerException}; null (an operator's backup, e.g. the CLI) neither claims nor checks
 */
public record BackupRequest(BackupGroup group, List<ImageSource> images, BackupMode mode, String jobId, String runId,
                            ProgressListener progress, CancellationToken cancellation, String owner) {
    /** A backup that names no owner. */
    public BackupRequest(BackupGroup group, List<ImageSource> images, BackupMode mode, String jobId, String runId,
                         ProgressListener progress, CancellationToken cancellation) {
        this(group, images, mode, jobId, runId, progress, cancellation, null);
    }

    public BackupRequest {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(mode, "mode");
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a backup needs at least one image");
        }
        Set<String> names = new HashSet<>();
        for (ImageSource s : images) {
            if (!names.add(Names.checkImageName(s.name()))) {
                throw new IllegalArgumentException("duplicate image name: " + s.name());
            }
        }
        progress = progress == null ? ProgressListener.NONE : progress;
        cancellation = cancellation == null ? new CancellationToken() : cancellation;
        GroupOwners.check(owner);
    }

    public static Builder builder(BackupGroup group) {
        return new Builder(group);
    }

    public static final class Builder {
        private final BackupGroup group;
        private final List<ImageSource> images = new ArrayList<>();
        private BackupMode mode = BackupMode.INCREMENTAL;
        private String jobId;
        private String runId;
        private ProgressListener progress;
        private CancellationToken cancellation;
        private String owner;

        private Builder(BackupGroup group) {
            this.group = group;
        }

        public Builder image(ImageSource source) {
            images.add(source);
            return this;
        }

        public Builder mode(BackupMode v) {
            mode = v;
            return this;
        }

        public Builder jobId(String v) {
            jobId = v;
            return this;
        }

        public Builder runId(String v) {
            runId = v;
            return this;
        }

        public Builder progress(ProgressListener v) {
            progress = v;
            return this;
        }

        public Builder cancellation(CancellationToken v) {
            cancellation = v;
            return this;
        }

        /** The project the group belongs to (see {@link BackupRequest#owner()}). */
        public Builder owner(String project) {
            owner = project;
            return this;
        }

        public BackupRequest build() {
            return new BackupRequest(group, images, mode, jobId, runId, progress, cancellation, owner);
        }
    }
}
