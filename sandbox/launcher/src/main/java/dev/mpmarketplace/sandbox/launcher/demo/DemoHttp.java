package dev.mpmarketplace.sandbox.launcher.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** JSON over HTTP as the marketplace's backend (with a bearer token) or the sandbox's control API (without) calls it. */
final class DemoHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An answer: its status and its body, read as JSON when it is JSON. */
    record Answer(String call, int status, String body, JsonNode json) {

        /** The answer when its status is the expected one; otherwise a {@link DemoException} that names the call. */
        Answer expect(int... statuses) {
            for (int expected : statuses) {
                if (status == expected) {
                    return this;
                }
            }
            throw new DemoException(call + " answered " + status + ": " + abbreviated(body));
        }

        String text(String field) {
            return json.path(field).asText(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Answer get(String url, String token) {
        return send("GET", url, token, null, null);
    }

    Answer post(String url, String token, Object body, String idempotencyKey) {
        return send("POST", url, token, body, idempotencyKey);
    }

    Answer put(String url, String token, Object body) {
        return send("PUT", url, token, body, null);
    }

    Answer send(String method, String url, String token, Object body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            if (body != null) {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, method.equals("POST")
                        ? HttpRequest.BodyPublishers.ofString("")
                        : HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(response.body());
            } catch (IOException notJson) {
                json = MissingNode.getInstance();
            }
            return new Answer(method + " " + pathOf(url), response.statusCode(), response.body(), json);
        } catch (IOException e) {
            throw new DemoException(method + " " + pathOf(url) + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted");
        }
    }

    /**
     * Asks {@code probe} every 250 ms until it gives a value or {@code timeout} passes; the last answer it looked at
     * is in the exception, so a failed wait says what the platform showed instead.
     */
    static <T> T await(String what, Duration timeout, Function<StringBuilder, Optional<T>> probe) {
        Instant deadline = Instant.now().plus(timeout);
        StringBuilder last = new StringBuilder();
        while (true) {
            last.setLength(0);
            Optional<T> value = probe.apply(last);
            if (value.isPresent()) {
                return value.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DemoException(what + " not seen within " + timeout.toSeconds() + " s; last seen: "
                        + abbreviated(last.toString()));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoException("interrupted");
            }
        }
    }

    static String abbreviated(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    private static String pathOf(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath();
    }
}
