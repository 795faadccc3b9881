package dev.mpmarketplace.sandbox.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plain HTTP client for the tests, built on {@link HttpClient} so that it can send Vault's {@code LIST} method and
 * see every status code and body exactly as a Vault client would.
 */
final class VaultHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private final String token;

    VaultHttp(VaultDevServer server) {
        this(server.url(), server.rootToken());
    }

    VaultHttp(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    Result get(String path) {
        return send("GET", path, null);
    }

    Result post(String path, String json) {
        return send("POST", path, json);
    }

    Result list(String path) {
        return send("LIST", path, null);
    }

    Result delete(String path) {
        return send("DELETE", path, null);
    }

    Result send(String method, String path, String json) {
        return send(method, path, json, token == null ? Map.of() : Map.of("X-Vault-Token", token));
    }

    /** Sends exactly the given headers: no token unless one is among them. */
    Result send(String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Result(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response as the client saw it. */
    record Result(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        /** The {@code data} of Vault's response envelope. */
        JsonNode data() {
            return json().get("data");
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
