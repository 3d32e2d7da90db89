package io.ironcore.local;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real HTTP endpoint that receives webhook notifications: the demo prints them, tests inspect them. It answers
 * 204 to every POST, or the status set by {@link #failNext(int)} (to test retries).
 */
public final class WebhookReceiver implements AutoCloseable {
    public record Delivery(Instant receivedAt, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failStatus = 503;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start(int port, Consumer<Delivery> listener) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (!"POST".equals(exchange.getRequestMethod())) {
                        exchange.sendResponseHeaders(405, -1);
                        return;
                    }
                    if (receiver.failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        exchange.sendResponseHeaders(receiver.failStatus, -1);
                        return;
                    }
                    Delivery d = new Delivery(Instant.now(), exchange.getRequestURI().getPath(),
                            Map.copyOf(exchange.getRequestHeaders()), body);
                    receiver.deliveries.add(d);
                    if (listener != null) {
                        listener.accept(d);
                    }
                    exchange.sendResponseHeaders(204, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook receiver on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The next {@code count} deliveries are answered with {@code status} instead of being accepted. */
    public void failNext(int count, int status) {
        this.failStatus = status;
        this.failures.set(count);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
