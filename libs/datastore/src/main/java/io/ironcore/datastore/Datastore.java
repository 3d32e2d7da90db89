package io.ironcore.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * A datastore directory (layout and rules: docs/design/datastore-format.md). Thread-safe; several instances, processes
 * and hosts may use the same directory at once, coordinated by the lock files and writer registry inside it.
 */
public final class Datastore implements AutoCloseable {
    static final String PROTECTED_FILE = "protected";
    static final String VERIFY_FILE = "verify-state.json";
    private static final System.Logger LOG = System.getLogger(Datastore.class.getName());

    private final Path root;
    private final DatastoreConfig config;
    private final DatastoreOptions options;
    private final ChunkCodec.Settings codecSettings;
    private final ChunkStore chunks;
    private final Heartbeats heartbeats;
    private final Locks locks;
    private final Writers writers;
    private final Map<Integer, Digest> zeroDigests = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<ChunkCodec> codecPool = new ConcurrentLinkedQueue<>();

    private Datastore(Path root, DatastoreConfig config, DatastoreOptions options) throws IOException {
        this.root = root;
        this.config = config;
        this.options = options;
        EncryptionKey key = options.encryptionKey();
        if (config.encrypted()) {
            if (key != null && !key.fingerprint().equals(config.keyFingerprint())) {
                throw new KeyMismatchException("wrong encryption key for datastore " + root + " (expected key "
                        + config.keyFingerprint() + ", got " + key.fingerprint() + ")");
            }
        } else if (key != null) {
            throw new KeyMismatchException("datastore " + root + " is not encrypted, but a key was given");
        }
        this.codecSettings = new ChunkCodec.Settings(FixedIndex.MAX_CHUNK, config.compression(), config.zstdLevel(),
                options.compressionProbe(), key == null ? null : key.derive(EncryptionKey.INFO_ENC),
                key == null ? null : key.derive(EncryptionKey.INFO_ID));
        this.chunks = new ChunkStore(root, options.directWrites());
        this.heartbeats = new Heartbeats(options.clock(), options.heartbeatInterval(), options.lockStaleAfter());
        try {
            this.locks = new Locks(root, options.clock(), options.lockStaleAfter(), heartbeats);
            this.writers = new Writers(root, options.clock(), options.lockStaleAfter(), heartbeats);
        } catch (IOException | RuntimeException e) {
            heartbeats.close();
            throw e;
        }
    }

    /** Creates a new datastore in an empty (or missing) directory and opens it. */
    public static Datastore create(Path root, DatastoreOptions options) throws IOException {
        Files.createDirectories(root);
        try (Stream<Path> s = Files.list(root)) {
            if (s.findAny().isPresent()) {
                throw new FileAlreadyExistsException(root.toString(), null, "directory is not empty");
            }
        }
        EncryptionKey key = options.encryptionKey();
        DatastoreConfig cfg = new DatastoreConfig(DatastoreConfig.VERSION, options.clock().instant(),
                options.chunkSize(), options.compression(), options.zstdLevel(), key == null ? null : key.fingerprint());
        Files.createDirectories(root.resolve(ChunkStore.DIR));
        Files.createDirectories(root.resolve(Locks.DIR));
        Files.createDirectories(root.resolve(Writers.DIR));
        boolean sync = options.fsyncPolicy() == FsyncPolicy.SAFE;
        Fs.writeAtomic(root.resolve(DatastoreConfig.FILE), cfg.encode(), sync);
        if (sync) {
            Fs.fsyncDir(root);
        }
        return new Datastore(root, cfg, options);
    }

    /**
     * Opens the datastore in {@code root}, creating it on first use (a datastore registered by an administrator has
     * no directory until something is written into it). Two processes creating it at once both end up opening it.
     */
    public static Datastore openOrCreate(Path root, DatastoreOptions options) throws IOException {
        if (!Files.exists(root.resolve(DatastoreConfig.FILE))) {
            try {
                return create(root, options);
            } catch (FileAlreadyExistsException e) {
                // created by another process at the same moment, or a non-empty directory: open it
            }
        }
        return open(root, options);
    }

    public static Datastore open(Path root) throws IOException {
        return open(root, DatastoreOptions.defaults());
    }

    /** Opens an existing datastore; an encrypted one needs {@code options.encryptionKey()} for backup/restore/verify. */
    public static Datastore open(Path root, DatastoreOptions options) throws IOException {
        Path cfgFile = root.resolve(DatastoreConfig.FILE);
        if (!Files.isRegularFile(cfgFile)) {
            throw new DatastoreException("not a datastore (no " + DatastoreConfig.FILE + "): " + root);
        }
        return new Datastore(root, DatastoreConfig.decode(Files.readAllBytes(cfgFile)), options);
    }

    public Path root() {
        return root;
    }

    public DatastoreConfig config() {
        return config;
    }

    public DatastoreOptions options() {
        return options;
    }

    // ------------------------------------------------------------------ backup / restore / verify

    /** Backs up the request's images into a new snapshot (see {@link BackupRequest}). */
    public BackupResult backup(BackupRequest request) throws IOException {
        requireKey();
        return new BackupRun(this, request).run();
    }

    /** Restores one image byte-identically to {@code target}, verifying every chunk; fails on any corruption. */
    public void restore(SnapshotRef snapshot, String image, Path target) throws IOException {
        requireKey();
        new Restorer(this).restore(snapshot, image, target);
    }

    /** Re-reads every chunk the snapshot references; records and returns the outcome. */
    public VerifyReport verify(SnapshotRef snapshot) throws IOException {
        requireKey();
        return new Verifier(this).verify(snapshot);
    }

    /**
     * Copies snapshot {@code snapshot} of {@code source} into this datastore, into the same backup group under
     * {@code namespace}, with the same time: only the chunks this datastore lacks are copied, each checked against its
     * digest on the way; indexes, then the manifest last. Idempotent: a snapshot this datastore has already is left
     * as it is ({@link PullResult#alreadyPresent()}). Both datastores must have the same chunk size and, if
     * encrypted, the same key; the source must be opened with its key.
     */
    public PullResult pull(Datastore source, SnapshotRef snapshot, Namespace namespace) throws IOException {
        requireKey();
        source.requireKey();
        return new SnapshotPull(this, source).pull(snapshot, namespace);
    }

    /** Verifies every snapshot of every namespace, each distinct chunk once. */
    public DatastoreVerifyReport verifyAll() throws IOException {
        requireKey();
        Verifier v = new Verifier(this);
        List<VerifyReport> reports = new ArrayList<>();
        for (Namespace ns : listNamespaces()) {
            for (BackupGroup g : listGroups(ns)) {
                for (SnapshotInfo s : listSnapshots(g)) {
                    try {
                        reports.add(v.verify(s.ref()));
                    } catch (SnapshotNotFoundException e) {
                        // removed while we were running
                    }
                }
            }
        }
        return new DatastoreVerifyReport(reports, v.distinctChunksChecked());
    }

    public GarbageCollector garbageCollector() {
        return new GarbageCollector(this);
    }

    // ------------------------------------------------------------------ listing

    /** All namespaces, the root first, depth-first in name order. */
    public List<Namespace> listNamespaces() throws IOException {
        List<Namespace> out = new ArrayList<>();
        collectNamespaces(Namespace.ROOT, out);
        return out;
    }

    private void collectNamespaces(Namespace ns, List<Namespace> out) throws IOException {
        out.add(ns);
        if (ns.depth() >= Names.MAX_NS_DEPTH) {
            return;
        }
        for (String name : subdirs(ns.resolve(root).resolve("ns"))) {
            Namespace child;
            try {
                child = ns.child(name);
            } catch (IllegalArgumentException e) {
                continue;
            }
            collectNamespaces(child, out);
        }
    }

    /** Creates a namespace (backups create it on demand too). */
    public void createNamespace(Namespace ns) throws IOException {
        Files.createDirectories(ns.resolve(root));
    }

    /** Every backup group of the namespace, whoever owns it (a system-wide listing: GC, an operator's tools). */
    public List<BackupGroup> listGroups(Namespace ns) throws IOException {
        List<BackupGroup> out = new ArrayList<>();
        Path nsDir = ns.resolve(root);
        for (String type : BackupGroup.TYPES.stream().sorted().toList()) {
            for (String id : subdirs(nsDir.resolve(type))) {
                try {
                    out.add(new BackupGroup(ns, type, id));
                } catch (IllegalArgumentException e) {
                    // not a group directory
                }
            }
        }
        return out;
    }

    /**
     * The backup groups of the namespace that belong to project {@code owner}; with {@code owner} null, every group
     * (as {@link #listGroups(Namespace)}). A group without an owner file (written before owners existed, or only by
     * writers naming no owner) belongs to no project: only the system-wide listing shows it, until a backup for a
     * project claims it ({@link BackupRequest#owner()}).
     */
    public List<BackupGroup> listGroups(Namespace ns, String owner) throws IOException {
        List<BackupGroup> all = listGroups(ns);
        if (owner == null) {
            return all;
        }
        List<BackupGroup> out = new ArrayList<>();
        for (BackupGroup g : all) {
            if (groupOwner(g).map(owner::equals).orElse(false)) {
                out.add(g);
            }
        }
        return out;
    }

    /** The project the group belongs to (its {@code owner} file); empty for a group without one. */
    public Optional<String> groupOwner(BackupGroup group) throws IOException {
        return GroupOwners.read(root, group);
    }

    /** Complete snapshots of a group (those with a valid manifest), newest first. */
    public List<SnapshotInfo> listSnapshots(BackupGroup group) throws IOException {
        List<SnapshotInfo> out = new ArrayList<>();
        for (Instant t : snapshotDirTimes(group)) {
            SnapshotRef ref = group.snapshot(t);
            Path dir = ref.resolve(root);
            if (!Files.exists(dir.resolve(ManifestCodec.FILE))) {
                continue;
            }
            try {
                out.add(info(ref, readManifest(ref)));
            } catch (SnapshotNotFoundException e) {
                // removed meanwhile
            } catch (CorruptChunkException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping snapshot with unreadable manifest " + ref + ": "
                        + e.getMessage());
            }
        }
        out.sort(Comparator.comparing((SnapshotInfo s) -> s.ref().time()).reversed());
        return out;
    }

    /** Times of all snapshot directories of a group, complete or not, ascending. */
    List<Instant> snapshotDirTimes(BackupGroup group) throws IOException {
        List<Instant> out = new ArrayList<>();
        for (String name : subdirs(group.resolve(root))) {
            try {
                out.add(Names.parseTime(name));
            } catch (IllegalArgumentException e) {
                // not a snapshot directory
            }
        }
        Collections.sort(out);
        return out;
    }

    public SnapshotInfo snapshotInfo(SnapshotRef ref) throws IOException {
        return info(ref, readManifest(ref));
    }

    private SnapshotInfo info(SnapshotRef ref, Manifest m) throws IOException {
        return new SnapshotInfo(ref, m, isProtected(ref), verifyState(ref));
    }

    /** Reads and checks the manifest of a complete snapshot. */
    public Manifest readManifest(SnapshotRef ref) throws IOException {
        Path file = ref.resolve(root).resolve(ManifestCodec.FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SnapshotNotFoundException("no such snapshot: " + ref);
        }
        Manifest m = ManifestCodec.decode(bytes, "manifest of " + ref);
        if (!m.snapshot().equals(ref)) {
            throw new CorruptChunkException(null, "manifest of " + ref + " names another snapshot: " + m.snapshot());
        }
        return m;
    }

    /** The complete snapshot of the group whose manifest records this run id, if any. */
    public Optional<SnapshotInfo> findSnapshotByRunId(BackupGroup group, String runId) throws IOException {
        if (runId == null) {
            return Optional.empty();
        }
        return listSnapshots(group).stream().filter(s -> runId.equals(s.manifest().runId())).findFirst();
    }

    /** The last verify outcome recorded beside the manifest, if any. */
    public Optional<VerifyReport> verifyState(SnapshotRef ref) throws IOException {
        Path f = ref.resolve(root).resolve(VERIFY_FILE);
        try {
            return Optional.of(Verifier.decodeState(Files.readAllBytes(f), ref));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unreadable " + VERIFY_FILE + " of " + ref + ": " + e);
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ prune primitives

    public boolean isProtected(SnapshotRef ref) {
        return Files.exists(ref.resolve(root).resolve(PROTECTED_FILE));
    }

    public void protect(SnapshotRef ref) throws IOException {
        setProtected(ref, true);
    }

    public void unprotect(SnapshotRef ref) throws IOException {
        setProtected(ref, false);
    }

    private void setProtected(SnapshotRef ref, boolean on) throws IOException {
        try (Lease l = locks.acquire(snapshotLockKey(ref), false, on ? "protect" : "unprotect")) {
            readManifest(ref);
            Path f = ref.resolve(root).resolve(PROTECTED_FILE);
            if (on) {
                Fs.writeAtomic(f, new byte[0], options.fsyncPolicy() == FsyncPolicy.SAFE);
            } else {
                Files.deleteIfExists(f);
            }
        }
    }

    /**
     * Removes a snapshot. Refused for protected snapshots ({@link ProtectedSnapshotException}) and for snapshots that
     * are locked, e.g. the base of a running backup or being restored/verified ({@link LockedException}).
     */
    public void removeSnapshot(SnapshotRef ref) throws IOException {
        try (Lease l = locks.acquire(snapshotLockKey(ref), true, "remove snapshot")) {
            readManifestForRemoval(ref);
            if (isProtected(ref)) {
                throw new ProtectedSnapshotException("snapshot " + ref + " is protected");
            }
            Path dir = ref.resolve(root);
            Files.delete(dir.resolve(ManifestCodec.FILE));
            if (options.fsyncPolicy() == FsyncPolicy.SAFE) {
                Fs.fsyncDir(dir);
            }
            Fs.deleteRecursively(dir);
        }
    }

    private void readManifestForRemoval(SnapshotRef ref) throws IOException {
        if (!Files.exists(ref.resolve(root).resolve(ManifestCodec.FILE))) {
            throw new SnapshotNotFoundException("no such snapshot: " + ref);
        }
    }

    // ------------------------------------------------------------------ internals shared by the engines

    static String groupLockKey(BackupGroup g) {
        return "group:" + g;
    }

    static String snapshotLockKey(SnapshotRef s) {
        return "snapshot:" + s;
    }

    Locks locks() {
        return locks;
    }

    Writers writers() {
        return writers;
    }

    ChunkStore chunks() {
        return chunks;
    }

    Clock clock() {
        return options.clock();
    }

    boolean encrypted() {
        return config.encrypted();
    }

    ChunkCodec.Settings codecSettings() {
        return codecSettings;
    }

    ChunkCodec borrowCodec() {
        ChunkCodec c = codecPool.poll();
        return c != null ? c : new ChunkCodec(codecSettings);
    }

    void returnCodec(ChunkCodec c) {
        if (codecPool.size() < 2 * options.workerThreads() + 2) {
            codecPool.add(c);
        } else {
            c.close();
        }
    }

    Digest zeroDigest(int len) {
        return zeroDigests.computeIfAbsent(len, l -> {
            ChunkCodec c = borrowCodec();
            try {
                return c.zeroDigest(l);
            } finally {
                returnCodec(c);
            }
        });
    }

    FixedIndex readIndex(SnapshotRef ref, ManifestImage img) throws IOException {
        Path f = ref.resolve(root).resolve(img.indexFile());
        byte[] bytes = Files.readAllBytes(f);
        String what = "index " + ref + "/" + img.indexFile();
        if (!Json.sha256Hex(bytes).equals(img.indexSha256())) {
            throw new CorruptChunkException(null, what + ": does not match the manifest's digest");
        }
        FixedIndex idx = FixedIndex.decode(bytes, what);
        if (idx.imageSize != img.size() || idx.count() != img.chunkCount() || idx.keyed != encrypted()) {
            throw new CorruptChunkException(null, what + ": does not match the manifest");
        }
        return idx;
    }

    void writeVerifyState(SnapshotRef ref, VerifyReport r) throws IOException {
        Fs.writeAtomic(ref.resolve(root).resolve(VERIFY_FILE), Verifier.encodeState(r), false);
    }

    /** For tests: refresh every heartbeat now (with the datastore clock). */
    void heartbeatNow() {
        heartbeats.beatAll();
    }

    private void requireKey() throws KeyMismatchException {
        if (config.encrypted() && options.encryptionKey() == null) {
            throw new KeyMismatchException("datastore " + root + " is encrypted; open it with its key (fingerprint "
                    + config.keyFingerprint() + ")");
        }
    }

    static List<String> subdirs(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> !p.getFileName().toString().startsWith(".")
                && Files.isDirectory(p))) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        Collections.sort(out);
        return out;
    }

    @Override
    public void close() throws IOException {
        heartbeats.close();
        locks.close();
        ChunkCodec c;
        while ((c = codecPool.poll()) != null) {
            c.close();
        }
    }

    static ArrayNode stringArray(List<String> items) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        items.forEach(a::add);
        return a;
    }

    static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }
}
