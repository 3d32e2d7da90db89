package io.ironcore.notifications.webhook;

import io.ironcore.egress.EgressPolicy;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP/1.1 POST to the address the egress policy checked, and to no other: the socket connects to
 * {@link EgressPolicy.Target#address()} itself (no second resolution, so DNS rebinding cannot move it), the Host
 * header names the URL's host, and for https the TLS layer is given the host name, so the server name (SNI) and the
 * certificate check (endpoint identification {@code HTTPS}) are those of the URL, not of the address. Only the status
 * line of the answer is read; its body is never read, kept or shown.
 */
public final class PinnedPost {
    /** The answer: its status code and its status line (at most 100 characters, control characters removed). */
    public record Answer(int status, String statusLine) {
    }

    private static final int MAX_STATUS_LINE = 512;

    private PinnedPost() {
    }

    public static Answer post(EgressPolicy.Target target, Map<String, String> headers, byte[] body, Duration connectTimeout,
                       Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(target.address(), target.port()), (int) connectTimeout.toMillis());
            raw.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            Socket socket = target.https() ? tls(raw, target) : raw;
            OutputStream out = socket.getOutputStream();
            out.write(head(target, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String line = statusLine(socket, deadline);
            return new Answer(status(line), printable(line));
        }
    }

    private static Socket tls(Socket raw, EgressPolicy.Target target) throws IOException {
        String host = target.host().startsWith("[") ? target.host().substring(1, target.host().length() - 1)
                : target.host();
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(raw, host, target.port(), true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        return ssl;
    }

    private static String head(EgressPolicy.Target target, Map<String, String> headers, int length) {
        String path = target.url().getRawPath() == null || target.url().getRawPath().isEmpty() ? "/"
                : target.url().getRawPath();
        if (target.url().getRawQuery() != null) {
            path += "?" + target.url().getRawQuery();
        }
        StringBuilder b = new StringBuilder();
        b.append("POST ").append(path).append(" HTTP/1.1\r\n");
        b.append("Host: ").append(target.url().getRawAuthority()).append("\r\n");
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        b.append("Content-Length: ").append(length).append("\r\n");
        b.append("Connection: close\r\n\r\n");
        return b.toString();
    }

    private static String statusLine(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() < MAX_STATUS_LINE) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("no status line within the delivery timeout");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int c = in.read();
            if (c < 0 || c == '\n') {
                break;
            }
            line.write(c);
        }
        return line.toString(StandardCharsets.ISO_8859_1).strip();
    }

    private static int status(String line) throws IOException {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5]\\d\\d")) {
            throw new IOException("not an HTTP answer: " + printable(line));
        }
        return Integer.parseInt(parts[1]);
    }

    private static String printable(String line) {
        String s = line.replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
