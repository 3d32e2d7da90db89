package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * job-service's REST API (or another service's admin API); every refusal becomes a {@link CliException} with the
 * problem's own words.
 */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;
    private final String server;
    private final Duration timeout;

    ApiClient(String base, String token) {
        this(base, token, "job-service", Duration.ofSeconds(60));
    }

    /** A client of {@code server} (named so in errors), waiting up to {@code timeout} for each answer. */
    ApiClient(String base, String token, String server, Duration timeout) {
        this.base = base;
        this.token = token;
        this.server = server;
        this.timeout = timeout;
    }

    /** An answer: its body and its ETag, if any. */
    record Answer(JsonNode body, String etag) {
    }

    JsonNode get(String path) {
        return send(request(path).GET()).body();
    }

    Answer getWithEtag(String path) {
        return send(request(path).GET());
    }

    JsonNode post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").POST(json(body))).body();
    }

    JsonNode post(String path, Object body, String header, String value) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json");
        if (value != null) {
            b.header(header, value);
        }
        return send(b.POST(json(body))).body();
    }

    JsonNode put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").PUT(json(body))).body();
    }

    JsonNode patch(String path, Object mergePatch, String ifMatch) {
        return send(request(path).header("Content-Type", "application/merge-patch+json").header("If-Match", ifMatch)
                .method("PATCH", json(mergePatch))).body();
    }

    void delete(String path) {
        send(request(path).DELETE());
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(body == null ? new byte[0]
                    : Json.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot encode the request: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json, application/problem+json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach " + server + " at " + base
                    + " (is it running? set --url" + (server.equals("job-service") ? " or IRONCORE_URL)" : ")"));
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, server + " at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status / 100 == 2) {
            return new Answer(body, response.headers().firstValue("ETag").orElse(null));
        }
        throw new CliException(exitCode(status), problem(status, body, server));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(body);
        }
    }

    static int exitCode(int status) {
        return switch (status) {
            case 400, 413, 415, 422 -> ExitCodes.INVALID;
            case 401, 403 -> ExitCodes.UNAUTHORIZED;
            case 404 -> ExitCodes.NOT_FOUND;
            case 409, 412 -> ExitCodes.CONFLICT;
            default -> ExitCodes.FAILED;
        };
    }

    /** The problem in one line: each field error, else the detail, else the status. */
    static String problem(int status, JsonNode body) {
        return problem(status, body, "job-service");
    }

    private static String problem(int status, JsonNode body, String server) {
        if (status == 401) {
            return server.equals("job-service") ? "not authenticated: give a valid token with --token or IRONCORE_TOKEN"
                    : "not authenticated: give " + server + "'s admin token with --admin-token or IRONCORE_ADMIN_TOKEN";
        }
        List<String> parts = new ArrayList<>();
        JsonNode errors = body.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            errors.forEach(e -> parts.add(cliField(e.path("field").asText()) + ": " + e.path("message").asText()));
        } else if (body.hasNonNull("detail")) {
            parts.add(body.get("detail").asText());
        } else {
            parts.add(server + " answered " + status);
        }
        return String.join("; ", parts);
    }

    /** API field names as the CLI user knows them: {@code sourceIds[1]} is {@code --source-id}. */
    private static String cliField(String field) {
        return field.replaceFirst("^sourceIds", "--source-id")
                .replaceFirst("^datastore$", "--repository")
                .replaceFirst("^notificationMode$", "--notification-mode")
                .replaceFirst("^notificationGroup$", "--notification-group")
                .replaceFirst("^targets", "--target")
                .replaceFirst("^(name|schedule|type|namespace|mode|retention|timezone|description|rpo)$", "--$1");
    }
}
