package io.ironcore.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A real SMTP server on loopback that accepts every message (RFC 5321: HELO/EHLO, MAIL, RCPT, DATA with
 * dot-unstuffing, RSET, NOOP, QUIT; no TLS, no authentication, like a local relay): the demo prints the mails the
 * notification-service sends, tests inspect them.
 */
public final class SmtpReceiver implements AutoCloseable {
    /** One message as the server received it: envelope and the raw message (headers, blank line, body). */
    public record Mail(Instant receivedAt, String from, List<String> recipients, String data) {
        /** The value of the first header with this name (case-insensitive), unfolded; null if absent. */
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            String[] lines = data.split("\r\n", -1);
            for (int i = 0; i < lines.length && !lines[i].isEmpty(); i++) {
                if (lines[i].toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    StringBuilder v = new StringBuilder(lines[i].substring(prefix.length()).trim());
                    while (i + 1 < lines.length && (lines[i + 1].startsWith(" ") || lines[i + 1].startsWith("\t"))) {
                        v.append(' ').append(lines[++i].trim());
                    }
                    return v.toString();
                }
            }
            return null;
        }

        /** Everything after the header block. */
        public String body() {
            int i = data.indexOf("\r\n\r\n");
            return i < 0 ? "" : data.substring(i + 4);
        }
    }

    private final ServerSocket server;
    private final Consumer<Mail> listener;
    private final List<Mail> mails = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private SmtpReceiver(ServerSocket server, Consumer<Mail> listener) {
        this.server = server;
        this.listener = listener;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port); {@code listener} (may be null) sees each mail. */
    public static SmtpReceiver start(int port, Consumer<Mail> listener) {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            SmtpReceiver r = new SmtpReceiver(s, listener);
            Thread t = new Thread(r::acceptLoop, "smtp-receiver");
            t.setDaemon(true);
            t.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SMTP receiver on port " + port, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Mail> mails() {
        return List.copyOf(mails);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket c = server.accept();
                Thread t = new Thread(() -> session(c), "smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[smtp] accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void session(Socket socket) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                     StandardCharsets.UTF_8));
             OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(60_000);
            reply(out, "220 ironcore-local ESMTP ready");
            String from = null;
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT)
                        : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-ironcore-local\r\n250-8BITMIME\r\n250 SMTPUTF8");
                    case "HELO" -> reply(out, "250 ironcore-local");
                    case "MAIL" -> {
                        from = address(line);
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        if (from == null) {
                            reply(out, "503 MAIL first");
                        } else {
                            recipients.add(address(line));
                            reply(out, "250 OK");
                        }
                    }
                    case "DATA" -> {
                        if (recipients.isEmpty()) {
                            reply(out, "503 RCPT first");
                            continue;
                        }
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        StringBuilder data = new StringBuilder();
                        String l;
                        while ((l = in.readLine()) != null && !l.equals(".")) {
                            data.append(l.startsWith(".") ? l.substring(1) : l).append("\r\n");
                        }
                        Mail m = new Mail(Instant.now(), from, List.copyOf(recipients), data.toString());
                        mails.add(m);
                        if (listener != null) {
                            listener.accept(m);
                        }
                        from = null;
                        recipients.clear();
                        reply(out, "250 OK queued");
                    }
                    case "RSET" -> {
                        from = null;
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 command not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String address(String line) {
        int lt = line.indexOf('<');
        int gt = line.indexOf('>', lt + 1);
        if (lt >= 0 && gt > lt) {
            return line.substring(lt + 1, gt);
        }
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(colon + 1).trim();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
