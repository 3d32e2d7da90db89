package io.ironcore.cli;

import io.ironcore.datastore.Datastore;
import io.ironcore.datastore.DatastoreVerifyReport;
import io.ironcore.datastore.SnapshotRef;
import io.ironcore.datastore.FsyncPolicy;
import io.ironcore.datastore.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code ironcore-backup verify}: re-reads and re-hashes the chunks of one snapshot or of every snapshot of a datastore
 * directory, offline, and records the outcome beside each snapshot's manifest ({@code verify-state.json}, which the
 * next incremental backup consults). Exit code 1 when anything is corrupt or missing.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a datastore directory offline: re-read and re-hash every chunk of one snapshot (or of "
                + "all), report corrupt and missing chunks, and mark the snapshots verified ok or failed. Exit code 1 "
                + "when anything is corrupt or missing.")
public class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--datastore", required = true, paramLabel = "DIR", description = "datastore directory")
    String datastore;
    @Option(names = "--snapshot", paramLabel = "ID", description = "only this snapshot (default: every snapshot)")
    String snapshot;
    @Mixin
    Options.OutputFormat output;

    @Override
    public Integer call() {
        output.check();
        SnapshotRef ref = snapshot == null ? null : OfflineDatastore.snapshot(snapshot);
        Path dir = OfflineDatastore.path("--datastore", datastore);
        OfflineDatastore.quietEngineLog();
        Datastore ds = OfflineDatastore.open(dir, FsyncPolicy.SAFE);
        List<VerifyReport> reports;
        long distinct;
        long t0 = System.nanoTime();
        try {
            if (ref != null) {
                VerifyReport r = ds.verify(ref);
                reports = List.of(r);
                distinct = r.chunksChecked();
            } else {
                DatastoreVerifyReport all = ds.verifyAll();
                reports = all.snapshots();
                distinct = all.distinctChunksChecked();
            }
        } catch (IOException | RuntimeException e) {
            throw OfflineDatastore.failure("verify of " + (ref == null ? "datastore " + dir : ref + " in " + dir), e);
        } finally {
            OfflineDatastore.close(ds);
        }
        double seconds = OfflineDatastore.seconds(System.nanoTime() - t0);
        TreeSet<String> corrupt = new TreeSet<>();
        TreeSet<String> missing = new TreeSet<>();
        long failed = 0;
        long errors = 0;
        for (VerifyReport r : reports) {
            corrupt.addAll(r.corruptChunks());
            missing.addAll(r.missingChunks());
            errors += r.errors().size();
            if (!r.ok()) {
                failed++;
            }
        }
        boolean ok = failed == 0;
        print(reports, ok, distinct, corrupt, missing, seconds);
        if (ok) {
            return ExitCodes.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "ironcore-backup: verify failed: %d of %d snapshot(s), %d corrupt and %d missing "
                + "chunk(s)%s%n", failed, reports.size(), corrupt.size(), missing.size(),
                errors == 0 ? "" : ", " + errors + " other error(s)");
        err.flush();
        return ExitCodes.FAILED;
    }

    private void print(List<VerifyReport> reports, boolean ok, long distinct, TreeSet<String> corrupt,
                       TreeSet<String> missing, double seconds) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", ok);
            m.put("snapshotsChecked", reports.size());
            m.put("distinctChunksChecked", distinct);
            m.put("corruptChunks", new ArrayList<>(corrupt));
            m.put("missingChunks", new ArrayList<>(missing));
            m.put("seconds", seconds);
            List<Map<String, Object>> snaps = new ArrayList<>();
            for (VerifyReport r : reports) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("snapshot", r.snapshot().toString());
                s.put("state", r.ok() ? "ok" : "failed");
                s.put("verifiedAt", r.verifiedAt().toString());
                s.put("chunksChecked", r.chunksChecked());
                s.put("bytesChecked", r.bytesChecked());
                s.put("corruptChunks", r.corruptChunks());
                s.put("missingChunks", r.missingChunks());
                s.put("errors", r.errors());
                snaps.add(s);
            }
            m.put("snapshots", snaps);
            OfflineDatastore.printJson(out, m);
            return;
        }
        if (reports.isEmpty()) {
            out.println("no snapshots to verify");
            out.flush();
            return;
        }
        Table t = new Table("SNAPSHOT", "STATE", "CHUNKS", "BYTES", "CORRUPT", "MISSING");
        for (VerifyReport r : reports) {
            t.row(r.snapshot(), r.ok() ? "ok" : "failed", r.chunksChecked(), r.bytesChecked(),
                    r.corruptChunks().size(), r.missingChunks().size());
        }
        t.print(out);
        for (VerifyReport r : reports) {
            r.corruptChunks().forEach(c -> out.println("corrupt chunk " + c + " in " + r.snapshot()));
            r.missingChunks().forEach(c -> out.println("missing chunk " + c + " in " + r.snapshot()));
            r.errors().forEach(e -> out.println("error in " + r.snapshot() + ": " + e));
        }
        out.printf(Locale.ROOT, "%s: %d snapshot(s), %d distinct chunk(s) checked in %.3f s%n", ok ? "ok" : "FAILED",
                reports.size(), distinct, seconds);
        out.flush();
    }
}
