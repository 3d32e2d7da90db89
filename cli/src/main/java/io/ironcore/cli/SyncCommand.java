package io.ironcore.cli;

import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.Namespace;
import io.ironcore.datastore.Replication;
import io.ironcore.datastore.FsyncPolicy;
import io.ironcore.retention.RetentionPolicy;
import io.ironcore.retention.RetentionSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ironcore-backup sync}: one pass of a sync job, offline, between two datastore directories (the engine
 * sync-service uses): the full snapshots of the source namespace that the target lacks and its retention keeps are
 * copied, each chunk checked on the way, then the target's retention applies. Exit code 1 if a snapshot could not be
 * copied.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Copy the full snapshots of a datastore namespace to another datastore directory, offline (the "
                + "sync job's engine): only the chunks the target lacks, each checked against its digest; then the "
                + "target's retention. Exit code 1 if a snapshot could not be copied.")
public class SyncCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "source datastore directory")
    String from;
    @Option(names = "--from-namespace", defaultValue = "", paramLabel = "NS", description = "source namespace "
            + "(default: the root)")
    String fromNamespace;
    @Option(names = "--to", required = true, paramLabel = "DIR", description = "target datastore directory (created "
            + "if missing or empty)")
    String to;
    @Option(names = "--to-namespace", defaultValue = "", paramLabel = "NS", description = "target namespace (default: "
            + "the root)")
    String toNamespace;
    @Option(names = "--retention", description = "the target's retention, e.g. keep-weekly=52 (default: keep all)")
    String retention;
    @Option(names = "--timezone", defaultValue = "UTC", description = "zone of the retention's periods")
    String timezone;
    @Option(names = "--no-fsync", description = "do not fsync the target (benchmarks and throwaway datastores only; "
            + "a power loss may then leave a snapshot that does not restore)")
    boolean noFsync;
    @Mixin
    Options.OutputFormat output;

    @Override
    public Integer call() {
        output.check();
        Path src = OfflineDatastore.path("--from", from);
        Path dst = OfflineDatastore.path("--to", to);
        Namespace srcNs = namespace("--from-namespace", fromNamespace);
        Namespace dstNs = namespace("--to-namespace", toNamespace);
        RetentionPolicy policy = null;
        if (retention != null) {
            try {
                policy = RetentionPolicy.parse(retention);
            } catch (RetentionSyntaxException e) {
                throw new CliException(ExitCodes.INVALID, "--retention: " + e.getMessage());
            }
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new CliException(ExitCodes.INVALID, "--timezone: unknown time zone '" + timezone + "'");
        }
        OfflineDatastore.quietEngineLog();
        Datastore source = OfflineDatastore.open(src, FsyncPolicy.SAFE);
        Replication.Outcome o;
        long t0 = System.nanoTime();
        try {
            Datastore target = OfflineDatastore.openOrCreate(dst, noFsync ? FsyncPolicy.NONE : FsyncPolicy.SAFE);
            try {
                o = Replication.run(new Replication.Plan(source, srcNs, target, dstNs, policy, zone));
            } finally {
                OfflineDatastore.close(target);
            }
        } catch (IOException | RuntimeException e) {
            throw OfflineDatastore.failure("sync from " + src + " to " + dst, e);
        } finally {
            OfflineDatastore.close(source);
        }
        double seconds = OfflineDatastore.seconds(System.nanoTime() - t0);
        print(o, seconds);
        if (o.failures().isEmpty()) {
            return ExitCodes.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("ironcore-backup: sync failed for " + o.failures().size() + " snapshot(s): "
                + String.join("; ", o.failures()));
        err.flush();
        return ExitCodes.FAILED;
    }

    private static Namespace namespace(String option, String value) {
        try {
            return Namespace.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.INVALID, option + ": " + e.getMessage());
        }
    }

    private void print(Replication.Outcome o, double seconds) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("copied", o.copied());
            m.put("alreadyPresent", o.alreadyPresent());
            m.put("chunksCopied", o.chunksCopied());
            m.put("chunksPresent", o.chunksPresent());
            m.put("bytesCopied", o.bytesCopied());
            m.put("removed", o.removed());
            m.put("failures", o.failures());
            m.put("seconds", seconds);
            OfflineDatastore.printJson(out, m);
            return;
        }
        for (Replication.Copied c : o.copied()) {
            out.println("copied " + c.sourceSnapshotId() + " -> " + c.snapshotId() + " (" + c.chunksCopied()
                    + " chunk(s), " + OfflineDatastore.bytes(c.bytesCopied()) + ")");
        }
        o.removed().forEach(d -> out.println("removed " + d.snapshotId() + " (" + d.reason() + ")"));
        out.printf(Locale.ROOT, "%d copied, %d already there, %d removed; %d chunk(s) copied, %d present, %s in %.2f s%n",
                o.copied().size(), o.alreadyPresent(), o.removed().size(), o.chunksCopied(), o.chunksPresent(),
                OfflineDatastore.bytes(o.bytesCopied()), seconds);
        out.flush();
    }
}
