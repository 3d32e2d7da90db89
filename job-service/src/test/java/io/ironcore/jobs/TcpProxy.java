package io.ironcore.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the test database, to take the database away from a running job-service: {@link #open()}
 * forwards, {@link #down()} is a stopped server (every connection closed, new ones refused), {@link #silent()} a
 * server that accepts connections and never answers (a hung host, a dropped route). A test reaches it through its
 * control port ({@link #command}: one line, {@code open}, {@code down}, {@code silent}, or {@code held}: how many
 * connections it accepted and left hanging while silent), since a Quarkus test resource may live in another class
 * loader than the test.
 */
final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private final ServerSocket control;
    private volatile boolean silent;
    /** Connections accepted while silent (each one a connection attempt left hanging). */
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket s = bind(0);
        this.port = s.getLocalPort();
        listen(s);
        control = bind(0);
        Thread t = new Thread(this::controls, "db-proxy-control");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return port;
    }

    int controlPort() {
        return control.getLocalPort();
    }

    /** Sends one command to the proxy with this control port, waits until it is done, and returns its answer. */
    static String command(int controlPort, String command) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), controlPort);
             PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            out.println(command);
            String answer = in.readLine();
            if (answer == null || !answer.startsWith("ok")) {
                throw new IllegalStateException("proxy answered " + answer + " to " + command);
            }
            return answer.substring(2).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void controls() {
        while (!control.isClosed()) {
            try (Socket s = control.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                         StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                String command = in.readLine();
                switch (command == null ? "" : command) {
                    case "open" -> open();
                    case "down" -> down();
                    case "silent" -> silent();
                    case "held" -> {
                        out.println("ok " + held.get());
                        continue;
                    }
                    default -> {
                        out.println("unknown command " + command);
                        continue;
                    }
                }
                out.println("ok");
            } catch (IOException e) {
                if (control.isClosed()) {
                    return;
                }
            }
        }
    }

    synchronized void open() throws IOException {
        silent = false;
        if (server == null) {
            listen(bind(port));
        }
    }

    synchronized void down() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        dropAll();
    }

    synchronized void silent() throws IOException {
        dropAll();
        silent = true;
        if (server == null) {
            listen(bind(port));
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void listen(ServerSocket s) {
        server = s;
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    sockets.add(client);
                    if (silent) {
                        held.incrementAndGet();
                    } else {
                        forward(client);
                    }
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "db-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    private void forward(Socket client) {
        try {
            Socket upstream = new Socket(targetHost, targetPort);
            sockets.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        } catch (IOException e) {
            close(client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                close(from);
                close(to);
            }
        }, "db-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void dropAll() {
        for (Socket s : sockets) {
            close(s);
        }
    }

    private void close(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        control.close();
        down();
    }
}
