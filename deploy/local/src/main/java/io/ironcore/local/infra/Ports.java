package io.ironcore.local.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports: free ones for tests, and waiting until something listens. */
public final class Ports {
    private Ports() {
    }

    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void requireFree(int port, String what) {
        if (isOpen(port)) {
            throw new IllegalStateException(what + ": port " + port + " on 127.0.0.1 is already in use");
        }
    }

    /** Waits until the port accepts connections, or fails when the process died or the time is up. */
    public static void awaitOpen(int port, Duration timeout, Process process, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isOpen(port)) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(what + " exited with code " + process.exitValue() + " before port "
                        + port + " opened");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not open port " + port + " within " + timeout);
            }
            Sleep.millis(100);
        }
    }
}
