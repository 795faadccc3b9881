package dev.mpmarketplace.payment.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Mercado Pago sandbox's control API ({@code /sandbox/*}, docs/sandbox.md) and the calls a seller's browser or
 * Mercado Pago's own panel would make (consent, token exchange, card tokens), as small named steps for tests. The one
 * place these tests drive the sandbox from; it gives way to libs/testing's shared control client when that lands.
 */
public final class SandboxControl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SandboxControl(String url) {
        this.url = url;
    }

    public String url() {
        return url;
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

    /** A new seller. */
    public long newSeller() {
        return post("/sandbox/users", Map.of("role", "seller")).get("id").asLong();
    }

    /** The seller approves the marketplace's application (PKCE S256); answers the authorization code. */
    public String authorize(long userId, String codeChallenge, String redirectUri) {
        JsonNode application = application();
        JsonNode answer = post("/sandbox/authorizations", Map.of("client_id", application.get("client_id").asText(),
                "user_id", userId, "redirect_uri", redirectUri, "state", "test-" + System.nanoTime(),
                "code_challenge", codeChallenge, "code_challenge_method", "S256"));
        URI redirect = URI.create(answer.get("redirect_to").asText());
        for (String pair : redirect.getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no code in the redirect");
    }

    /** {@code POST /oauth/token} authorization_code, as seller-linking-service makes it; answers the tokens. */
    public JsonNode exchange(String code, String redirectUri, String verifier) {
        JsonNode application = application();
        String form = "grant_type=authorization_code&client_id=" + enc(application.get("client_id").asText())
                + "&client_secret=" + enc(application.get("client_secret").asText()) + "&code=" + enc(code)
                + "&redirect_uri=" + enc(redirectUri) + "&code_verifier=" + enc(verifier);
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(url + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token exchange answered " + response.statusCode());
        }
        return read(response.body());
    }

    /** The seller revokes the marketplace's application: its tokens die (401). */
    public void revoke(long userId) {
        post("/sandbox/users/" + userId + "/revocations",
                Map.of("client_id", application().get("client_id").asText()));
    }

    /** A single-use card token made with the seller's public key, as MercadoPago.js makes it in the buyer's browser. */
    public String cardToken(String publicKey, String cardholderName) {
        return post("/v1/card_tokens?public_key=" + enc(publicKey), Map.of("card_number", "5031433215406351",
                "expiration_month", 11, "expiration_year", 2030, "security_code", "123", "cardholder",
                Map.of("name", cardholderName, "identification", Map.of("type", "CPF", "number", "12345678909"))))
                .get("id").asText();
    }

    /** Resolves an in-process payment as Mercado Pago eventually would ({@code approved} or {@code rejected}). */
    public void resolve(long paymentId, String status) {
        post("/sandbox/payments/" + paymentId + "/status", Map.of("status", status));
    }

    /** The seller's payments with this external reference, as Mercado Pago lists them to the seller's token. */
    public List<JsonNode> paymentsByExternalReference(String accessToken, String externalReference) {
        JsonNode page = read(exchange(HttpRequest.newBuilder(URI.create(url
                + "/v1/payments/search?external_reference=" + enc(externalReference)))
                .header("Authorization", "Bearer " + accessToken).GET().build()).body());
        List<JsonNode> results = new ArrayList<>();
        page.path("results").forEach(results::add);
        return results;
    }

    /** A payment as Mercado Pago has it now. */
    public JsonNode payment(String accessToken, long paymentId) {
        return read(exchange(HttpRequest.newBuilder(URI.create(url + "/v1/payments/" + paymentId))
                .header("Authorization", "Bearer " + accessToken).GET().build()).body());
    }

    /** The raw text of a payment as Mercado Pago has it now. */
    public String paymentText(String accessToken, long paymentId) {
        return exchange(HttpRequest.newBuilder(URI.create(url + "/v1/payments/" + paymentId))
                .header("Authorization", "Bearer " + accessToken).GET().build()).body();
    }

    /** A payment made directly with the seller's token (as another integration of the seller's would). */
    public JsonNode createPaymentDirectly(String accessToken, String idempotencyKey, Map<String, Object> body) {
        try {
            HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(url + "/v1/payments"))
                    .header("Authorization", "Bearer " + accessToken).header("X-Idempotency-Key", idempotencyKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
            return read(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code PUT /v1/payments/{id}} directly with the seller's token (capture or cancel, as the seller's panel would). */
    public JsonNode update(String accessToken, long paymentId, String body) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(url + "/v1/payments/" + paymentId))
                .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT payment answered " + response.statusCode() + " " + response.body());
        }
        return read(response.body());
    }

    /** Refunds directly with the seller's token (as the seller's panel would); answers the refund. */
    public JsonNode refundDirectly(String accessToken, long paymentId, String amount) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(url + "/v1/payments/" + paymentId
                + "/refunds")).header("Authorization", "Bearer " + accessToken)
                .header("X-Idempotency-Key", "direct-" + System.nanoTime())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(amount == null ? "{}" : "{\"amount\":" + amount + "}"))
                .build());
        return read(response.body());
    }

    /** Sets a seller's balance (0 makes refunds fail with 2030). */
    public void balance(long userId, String balance) {
        send("PUT", "/sandbox/users/" + userId + "/balance", Map.of("balance", new java.math.BigDecimal(balance)));
    }

    /** The refunds Mercado Pago lists for a payment. */
    public List<JsonNode> refunds(String accessToken, long paymentId) {
        JsonNode array = read(exchange(HttpRequest.newBuilder(URI.create(url + "/v1/payments/" + paymentId
                + "/refunds")).header("Authorization", "Bearer " + accessToken).GET().build()).body());
        List<JsonNode> refunds = new ArrayList<>();
        array.forEach(refunds::add);
        return refunds;
    }

    /** Adds a fault rule (docs/sandbox/faults.md). */
    public void fault(Map<String, Object> rule) {
        post("/sandbox/faults", rule);
    }

    public void clearFaults() {
        send("DELETE", "/sandbox/faults", null);
    }

    /** The webhook bodies the sandbox made for this payment, oldest first. */
    public List<JsonNode> notifications(long paymentId) {
        JsonNode results = get("/sandbox/webhooks/deliveries?type=payment&data_id=" + paymentId + "&limit=100")
                .path("results");
        List<JsonNode> bodies = new ArrayList<>();
        results.forEach(delivery -> {
            JsonNode body = delivery.path("notification");
            bodies.add(0, body.isTextual() ? read(body.asText()) : body);
        });
        return bodies;
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
                throw new IllegalStateException(method + " " + path.replaceAll("public_key=[^&]*", "public_key=...")
                        + " answered " + response.statusCode() + " " + response.body());
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
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
