package io.ironcore.datastore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Verifies snapshots by re-reading their chunks; remembers checked chunks across snapshots of one run. */
final class Verifier {
    private static final System.Logger LOG = System.getLogger(Verifier.class.getName());

    enum Outcome { OK, CORRUPT, MISSING }

    private final Datastore ds;
    private final Map<Digest, Outcome> checked = new ConcurrentHashMap<>();

    Verifier(Datastore ds) {
        this.ds = ds;
    }

    long distinctChunksChecked() {
        return checked.size();
    }

    VerifyReport verify(SnapshotRef ref) throws IOException {
        try (Lease lease = ds.locks().acquire(Datastore.snapshotLockKey(ref), false, "verify " + ref)) {
            Manifest m = ds.readManifest(ref);
            List<String> errors = new ArrayList<>();
            Map<Digest, Integer> referenced = new LinkedHashMap<>();
            for (ManifestImage mi : m.images()) {
                try {
                    FixedIndex idx = ds.readIndex(ref, mi);
                    for (int i = 0; i < idx.count(); i++) {
                        referenced.putIfAbsent(idx.digest(i), idx.chunkLength(i));
                    }
                } catch (NoSuchFileException e) {
                    errors.add("index of image " + mi.name() + " is missing");
                } catch (CorruptChunkException e) {
                    errors.add(e.getMessage());
                }
            }
            try (WorkerPool workers = new WorkerPool(ds, "verify")) {
                for (Map.Entry<Digest, Integer> e : referenced.entrySet()) {
                    Digest d = e.getKey();
                    int len = e.getValue();
                    if (checked.containsKey(d)) {
                        continue;
                    }
                    workers.submit(codec -> checked.put(d, check(d, len, codec)));
                }
                workers.await();
            }
            TreeSet<String> corrupt = new TreeSet<>();
            TreeSet<String> missing = new TreeSet<>();
            long bytes = 0;
            for (Map.Entry<Digest, Integer> e : referenced.entrySet()) {
                Outcome o = checked.get(e.getKey());
                if (o == Outcome.CORRUPT) {
                    corrupt.add(e.getKey().hex());
                } else if (o == Outcome.MISSING) {
                    missing.add(e.getKey().hex());
                } else {
                    bytes += e.getValue();
                }
            }
            VerifyReport r = new VerifyReport(ref, corrupt.isEmpty() && missing.isEmpty() && errors.isEmpty(),
                    ds.clock().instant(), referenced.size(), bytes, new ArrayList<>(corrupt),
                    new ArrayList<>(missing), errors);
            ds.writeVerifyState(ref, r);
            return r;
        }
    }

    private Outcome check(Digest d, int len, ChunkCodec codec) throws IOException {
        try {
            int blobLen = ds.chunks().read(d, len, codec);
            codec.decode(d, codec.readBuffer(0), blobLen, len, true);
            return Outcome.OK;
        } catch (NoSuchFileException e) {
            return Outcome.MISSING;
        } catch (CorruptChunkException e) {
            LOG.log(System.Logger.Level.WARNING, "verify: " + e.getMessage());
            return Outcome.CORRUPT;
        }
    }

    static byte[] encodeState(VerifyReport r) {
        ObjectNode n = Datastore.object();
        n.put("snapshot", r.snapshot().toString());
        n.put("state", r.ok() ? "ok" : "failed");
        n.put("verifiedAt", r.verifiedAt().toString());
        n.put("chunksChecked", r.chunksChecked());
        n.put("bytesChecked", r.bytesChecked());
        n.set("corrupt", Datastore.stringArray(r.corruptChunks()));
        n.set("missing", Datastore.stringArray(r.missingChunks()));
        n.set("errors", Datastore.stringArray(r.errors()));
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static VerifyReport decodeState(byte[] bytes, SnapshotRef ref) throws IOException {
        JsonNode n = Json.MAPPER.readTree(bytes);
        return new VerifyReport(ref, "ok".equals(n.path("state").asText()), Instant.parse(n.path("verifiedAt").asText()),
                n.path("chunksChecked").asLong(), n.path("bytesChecked").asLong(), Datastore.strings(n.path("corrupt")),
                Datastore.strings(n.path("missing")), Datastore.strings(n.path("errors")));
    }
}
