package io.ironcore.sync.service;

import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreOptions;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.Replication;
import io.ironcore.retention.RetentionPolicy;
import io.ironcore.sync.SyncJobConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * One pass of a sync job ({@link Replication}, in libs/datastore): opens the source datastore (which must be
 * there) and the target (created on first use, like a worker creates a datastore on its first backup), and copies the
 * backup groups of the sync job's project only, however many projects share the source namespace.
 */
@ApplicationScoped
public class Replicator {
    private static final Logger LOG = Logger.getLogger(Replicator.class);

    public Replication.Outcome replicate(SyncJobConfig job) throws IOException {
        Path from = Path.of(job.sourcePath);
        Path to = Path.of(job.targetPath);
        if (!Files.isDirectory(from)) {
            throw new IOException("source datastore " + from + " is not reachable (no such directory)");
        }
        if (Files.exists(to) && !Files.isDirectory(to)) {
            throw new IOException("target datastore " + to + " is not a directory");
        }
        String project = project(job);
        RetentionPolicy policy = job.retention == null || job.retention.isBlank() ? null
                : RetentionPolicy.parse(job.retention);
        try (Datastore source = Datastore.open(from, DatastoreOptions.defaults());
             Datastore target = Datastore.openOrCreate(to, DatastoreOptions.defaults())) {
            Replication.Outcome o = Replication.run(new Replication.Plan(source,
                    Namespace.parse(job.sourceNamespace), target, Namespace.parse(job.targetNamespace), policy,
                    ZoneId.of(job.timezone), project));
            o.failures().forEach(f -> LOG.warnf("sync job %s: %s", job.name, f));
            return o;
        }
    }

    /** Whose groups the job copies: its project's; null (every project's) only for a cross-project sync job. */
    static String project(SyncJobConfig job) throws IOException {
        if (job.allProjects) {
            return null;
        }
        if (job.project == null || job.project.isBlank()) {
            throw new IOException("sync job " + job.name + " names no project, so it copies nothing (only a system "
                    + "administrator's sync job across projects copies every project's backup groups)");
        }
        return job.project;
    }
}
