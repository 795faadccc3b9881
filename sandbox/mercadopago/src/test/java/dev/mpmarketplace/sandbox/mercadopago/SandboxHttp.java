package dev.mpmarketplace.sandbox.mercadopago;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.oauth.OAuthService;

/**
 * A small HTTP client for sandbox tests: JSON in and out, form posts, no redirects followed (tests look at
 * {@code Location}), and shortcuts for the seeded data and for getting a seller's OAuth token.
 */
public final class SandboxHttp {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, headers, and the body as JSON when it is JSON. */
    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** A seller's OAuth grant, as the token endpoint answered it. */
    public record Grant(JsonNode token, String accessToken, String refreshToken, long userId) {
    }

    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public SandboxHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public Response post(String path, String token, Object body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text(body))).build());
    }

    public Response post(String path, String token, Object body, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text(body)));
        headers.forEach(builder::header);
        return send(builder.build());
    }

    public Response put(String path, String token, Object body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(text(body))).build());
    }

    public Response send(String method, String path, String token, String contentType, String body) {
        HttpRequest.Builder builder = request(path, token).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.build());
    }

    public Response postForm(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** The first application of {@code GET /sandbox/applications} (the seeded marketplace application). */
    public JsonNode marketplaceApplication() {
        return get("/sandbox/applications", null).json().get(0);
    }

    /** The seeded user with that nickname, from {@code GET /sandbox/users}. */
    public JsonNode user(String nickname) {
        for (JsonNode user : get("/sandbox/users", null).json()) {
            if (user.get("nickname").asText().equals(nickname)) {
                return user;
            }
        }
        throw new AssertionError("no sandbox user " + nickname);
    }

    /**
     * Links a seller to the marketplace application the way the seller-linking service does: an authorization with
     * PKCE S256 (through the control API, as if approved on the consent page), then the code exchange.
     */
    public Grant linkSeller(String nickname) {
        JsonNode app = marketplaceApplication();
        long userId = user(nickname).get("id").asLong();
        String verifier = randomVerifier();
        String redirectUri = app.get("redirect_uris").get(0).asText();
        Map<String, Object> authorization = new LinkedHashMap<>();
        authorization.put("client_id", app.get("client_id").asText());
        authorization.put("user_id", userId);
        authorization.put("redirect_uri", redirectUri);
        authorization.put("state", "test-state");
        authorization.put("code_challenge", OAuthService.s256(verifier));
        authorization.put("code_challenge_method", "S256");
        String redirectTo = post("/sandbox/authorizations", null, authorization).json().get("redirect_to").asText();
        String code = query(redirectTo, "code");
        Map<String, Object> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("client_id", app.get("client_id").asText());
        exchange.put("client_secret", app.get("client_secret").asText());
        exchange.put("code", code);
        exchange.put("redirect_uri", redirectUri);
        exchange.put("code_verifier", verifier);
        Response response = post("/oauth/token", null, exchange);
        if (response.status() != 200) {
            throw new AssertionError("token exchange failed: " + response.body());
        }
        JsonNode token = response.json();
        return new Grant(token, token.get("access_token").asText(), token.get("refresh_token").asText(), userId);
    }

    /** A fresh PKCE code verifier (43 characters). */
    public static String randomVerifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The value of a query parameter of a URL, decoded, or {@code null}. */
    public static String query(String url, String name) {
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String text(Object body) {
        if (body == null) {
            return "";
        }
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
