package io.ironcore.datastore;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Who holds a lease: host key (hostname + kernel boot id + pid namespace), pid and process start time. Two leases with
 * the same known host key live in the same pid namespace, so the pid can be checked for liveness.
 */
record HostIdentity(String hostKey, boolean hostKeyComplete, long pid, long processStartMillis) {

    static final HostIdentity CURRENT = detect();

    private static HostIdentity detect() {
        String host = read("/proc/sys/kernel/hostname");
        if (host == null) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = null;
            }
        }
        String boot = read("/proc/sys/kernel/random/boot_id");
        String pidNs = null;
        try {
            pidNs = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (Exception e) {
            // not Linux
        }
        boolean complete = host != null && boot != null && pidNs != null;
        String key = (host == null ? "?" : host) + "|" + (boot == null ? "?" : boot) + "|" + (pidNs == null ? "?" : pidNs);
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        return new HostIdentity(key, complete, self.pid(), start);
    }

    private static String read(String file) {
        try {
            return new String(Files.readAllBytes(Path.of(file)), StandardCharsets.UTF_8).trim();
        } catch (Exception e) {
            return null;
        }
    }

    /** True if the owner described by these fields is known to be dead (only decidable on the same host). */
    boolean ownerIsDead(String ownerHostKey, long ownerPid, long ownerStartMillis) {
        if (!hostKeyComplete || ownerHostKey == null || !ownerHostKey.equals(hostKey) || ownerPid <= 0) {
            return false;
        }
        if (ownerPid == pid) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(ownerPid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        if (ownerStartMillis > 0) {
            Optional<Instant> start = p.get().info().startInstant();
            return start.isPresent() && Math.abs(start.get().toEpochMilli() - ownerStartMillis) > 1000;
        }
        return false;
    }
}
