package dev.mpmarketplace.linking.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Mercado Pago sandbox's control API ({@code /sandbox/*}, docs/sandbox.md), plus a direct call of its
 * {@code /oauth/token}, as small named steps for tests.
 */
public final class SandboxControl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SandboxControl(String url) {
        this.url = url;
    }

    /** The seeded marketplace application (client_id, client_secret, redirect_uris, ...). */
    public JsonNode application() {
        for (JsonNode application : get("/sandbox/applications")) {
            for (JsonNode redirect : application.path("redirect_uris")) {
                if (redirect.asText().endsWith("/oauth/callback")) {
                    return application;
                }
            }
        }
        throw new IllegalStateException("no marketplace application in the sandbox");
    }

    /** The id of a seeded seller: {@code SELLER_ONE} or {@code SELLER_TWO}. */
    public long sellerId(String nickname) {
        for (JsonNode user : get("/sandbox/users")) {
            if (nickname.equals(user.path("nickname").asText())) {
                return user.get("id").asLong();
            }
        }
        throw new IllegalStateException("no sandbox user " + nickname);
    }

    /** A new seller, for tests that need sellers of their own. */
    public long newSeller() {
        return post("/sandbox/users", Map.of("role", "seller")).get("id").asLong();
    }

    /** The seller approves on the consent page: answers the redirect (our callback URL with code and state). */
    public URI approve(long userId, URI consentUrl) {
        Map<String, String> query = Links.query(consentUrl);
        Map<String, Object> body = new HashMap<>();
        body.put("client_id", query.get("client_id"));
        body.put("user_id", userId);
        body.put("redirect_uri", query.get("redirect_uri"));
        body.put("state", query.get("state"));
        body.put("code_challenge", query.get("code_challenge"));
        body.put("code_challenge_method", query.get("code_challenge_method"));
        return URI.create(post("/sandbox/authorizations", body).get("redirect_to").asText());
    }

    /** Adds a redirect URL to the application (keeps the others). */
    public void addRedirectUri(String redirectUri) {
        JsonNode application = application();
        java.util.List<String> uris = new java.util.ArrayList<>();
        application.path("redirect_uris").forEach(uri -> uris.add(uri.asText()));
        uris.add(redirectUri);
        send("PATCH", "/sandbox/applications/" + application.get("client_id").asText(),
                Map.of("redirect_uris", uris));
    }

    /** The seller revokes the marketplace's application (tokens die; mp-connect deauthorized is sent). */
    public void revoke(long userId) {
        post("/sandbox/users/" + userId + "/revocations", Map.of("client_id", application().get("client_id").asText()));
    }

    /** Moves sandbox time forward. */
    public void advanceClock(String isoDuration) {
        post("/sandbox/clock", Map.of("advance", isoDuration));
    }

    /** Adds a fault rule (docs/sandbox/faults.md). */
    public void fault(Map<String, Object> rule) {
        post("/sandbox/faults", rule);
    }

    /** Whether the fault rule is still there (a rule with {@code times} is removed once it fired that often). */
    public boolean hasFault(String id) {
        return exchange(HttpRequest.newBuilder(URI.create(url + "/sandbox/faults/" + id)).GET().build())
                .statusCode() == 200;
    }

    /** How many {@code refresh_token} grants the sandbox gave the marketplace application for this seller. */
    public long refreshGrants(long userId) {
        JsonNode grants = get("/sandbox/grants?client_id=" + application().get("client_id").asText() + "&user_id="
                + userId);
        return grants.isEmpty() ? 0 : grants.get(0).path("refresh_token").asLong();
    }

    public void clearFaults() {
        send("DELETE", "/sandbox/faults", null);
    }

    /** The newest webhook body Mercado Pago would have sent of this type and action for this user. */
    public JsonNode lastNotification(String type, String action, long userId) {
        JsonNode results = get("/sandbox/webhooks/deliveries?type=" + type + "&user_id=" + userId + "&limit=50")
                .path("results");
        for (JsonNode delivery : results) {
            JsonNode body = delivery.path("notification");
            if (body.isTextual()) {
                body = read(body.asText());
            }
            if (action.equals(body.path("action").asText())) {
                return body;
            }
        }
        throw new IllegalStateException("no " + type + " " + action + " notification for " + userId);
    }

    /** Calls the sandbox's {@code /oauth/token} refresh grant directly; answers the HTTP status and body. */
    public HttpResponse<String> refreshGrant(String refreshToken) {
        JsonNode application = application();
        String form = "grant_type=refresh_token&client_id=" + application.get("client_id").asText()
                + "&client_secret=" + application.get("client_secret").asText() + "&refresh_token=" + refreshToken;
        return exchange(HttpRequest.newBuilder(URI.create(url + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private JsonNode get(String path) {
        return read(exchange(HttpRequest.newBuilder(URI.create(url + path)).GET().build()).body());
    }

    private JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                    .header("Content-Type", "application/json")
                    .method(method, body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = exchange(request);
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : read(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri().getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            ObjectNode node = JSON.createObjectNode();
            node.put("unreadable", true);
            return node;
        }
    }
}
