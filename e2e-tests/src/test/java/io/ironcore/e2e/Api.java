package io.ironcore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironcore.events.EventJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/** job-service's REST API, called over HTTP. */
final class Api {
    record Response(int status, String contentType, JsonNode body) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Polls a run or restore at {@code path} until it reaches a final state, and returns it when that state is
     * Completed; any other final state (Failed, Skipped) fails at once with what the API says about it, rather than
     * after the whole wait.
     */
    JsonNode awaitCompleted(String path, Duration atMost) {
        JsonNode done = awaitFinished(path, atMost);
        if (!"Completed".equals(done.path("state").asText())) {
            throw new AssertionError(path + " ended " + done.path("state").asText() + ": " + done);
        }
        return done;
    }

    /** Waits until the run (or restore) at {@code path} is in a final state, whichever; answers it. */
    JsonNode awaitFinished(String path, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> get(path).body(), b -> b != null && FINAL.contains(b.path("state").asText()));
    }

    private static final Set<String> FINAL = Set.of("Completed", "Failed", "Skipped");

    private Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isBlank() ? null : EventJson.mapper().readTree(r.body());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
