package dev.mpmarketplace.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's control API ({@code /sandbox/*}, docs/sandbox.md and docs/sandbox/webhooks.md), through plain HTTP as
 * any client would use it.
 */
public final class SandboxControl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SandboxControl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The seeded marketplace application (the one whose webhooks go to the ingest service). */
    public JsonNode seededApplication() {
        for (JsonNode application : get("/sandbox/applications")) {
            if (application.path("webhook_url").asText().endsWith("/webhooks/mercadopago")) {
                return application;
            }
        }
        throw new IllegalStateException("no seeded application");
    }

    public String clientId() {
        return seededApplication().get("client_id").asText();
    }

    /** A seeded user of the given nickname ({@code SELLER_ONE}, ...). */
    public JsonNode user(String nickname) {
        for (JsonNode user : get("/sandbox/users")) {
            if (user.path("nickname").asText().equals(nickname)) {
                return user;
            }
        }
        throw new IllegalStateException("no sandbox user " + nickname);
    }

    /**
     * Emits a notification of any topic through the sandbox's real queue, signing and retries
     * ({@code POST /sandbox/webhooks/test}); returns the answer ({@code notification_id}, {@code deliveries}).
     */
    public JsonNode emit(String type, String action, String dataId, long userId) {
        ObjectNode body = JSON.createObjectNode()
                .put("client_id", clientId())
                .put("type", type)
                .put("action", action)
                .put("data_id", dataId)
                .put("user_id", userId);
        return post("/sandbox/webhooks/test", body, 201);
    }

    /** One delivery ({@code GET /sandbox/webhooks/deliveries/{id}}). */
    public JsonNode delivery(String deliveryId) {
        return get("/sandbox/webhooks/deliveries/" + deliveryId);
    }

    /** Every delivery of the given status (all pages), newest first. */
    public List<JsonNode> deliveries(String status) {
        List<JsonNode> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            JsonNode page = get("/sandbox/webhooks/deliveries?limit=1000&offset=" + offset
                    + (status == null ? "" : "&status=" + status));
            page.get("results").forEach(all::add);
            offset += page.get("results").size();
            if (page.get("results").isEmpty() || offset >= page.at("/paging/total").asInt()) {
                return all;
            }
        }
    }

    /** The number of deliveries of the given status (or all). */
    public int deliveryCount(String status) {
        return get("/sandbox/webhooks/deliveries?limit=1" + (status == null ? "" : "&status=" + status))
                .at("/paging/total").asInt();
    }

    /** Moves the sandbox clock forward, which fires the webhook retries that fall due. */
    public void advanceClock(Duration by) {
        post("/sandbox/clock", JSON.createObjectNode().put("advance_seconds", by.toSeconds()), 200);
    }

    /** Makes every pending delivery due now. */
    public void flush() {
        post("/sandbox/webhooks/flush", JSON.createObjectNode(), 200);
    }

    /**
     * Approves the seeded application for a seller, as the consent page does ({@code POST /sandbox/authorizations});
     * the sandbox sends an {@code mp-connect} {@code application.authorized} webhook.
     *
     * @return the authorization code
     */
    public String authorize(long userId, String codeChallenge) {
        JsonNode application = seededApplication();
        ObjectNode body = JSON.createObjectNode()
                .put("client_id", application.get("client_id").asText())
                .put("user_id", Long.toString(userId))
                .put("redirect_uri", application.get("redirect_uris").get(0).asText())
                .put("state", "state-" + System.nanoTime())
                .put("code_challenge", codeChallenge)
                .put("code_challenge_method", "S256");
        String redirect = post("/sandbox/authorizations", body, 200).get("redirect_to").asText();
        return URI.create(redirect).getQuery().replaceAll(".*code=([^&]+).*", "$1");
    }

    /** Links a seller to the seeded application (consent, then the code exchange) and returns its access token. */
    public String linkSeller(long userId) {
        String verifier = "verifier-" + UUID.randomUUID() + "-" + UUID.randomUUID();
        String code = authorize(userId, s256(verifier));
        JsonNode application = seededApplication();
        ObjectNode exchange = JSON.createObjectNode()
                .put("grant_type", "authorization_code")
                .put("client_id", application.get("client_id").asText())
                .put("client_secret", application.get("client_secret").asText())
                .put("code", code)
                .put("redirect_uri", application.get("redirect_uris").get(0).asText())
                .put("code_verifier", verifier);
        return post("/oauth/token", exchange, 200).get("access_token").asText();
    }

    /**
     * Creates an approved payment with a seller's (OAuth) token through the sandbox's Payments API; the sandbox
     * sends the application a {@code payment.created} webhook.
     *
     * @return the payment
     */
    public JsonNode createPayment(String accessToken) {
        ObjectNode card = JSON.createObjectNode()
                .put("card_number", "5031433215406351")
                .put("expiration_month", 11)
                .put("expiration_year", 2030)
                .put("security_code", "123");
        card.putObject("cardholder").put("name", "APRO");
        String token = send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/card_tokens"))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(card.toString())), 201).get("id").asText();
        ObjectNode payment = JSON.createObjectNode()
                .put("transaction_amount", 100)
                .put("token", token)
                .put("installments", 1)
                .put("description", "ingest test");
        payment.putObject("payer").put("email", "buyer@example.com");
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/payments"))
                .header("Authorization", "Bearer " + accessToken)
                .header("X-Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payment.toString())), 201);
    }

    /** Waits until the delivery is no longer pending and returns it. */
    public JsonNode awaitFinished(String deliveryId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode delivery = delivery(deliveryId);
            if (!delivery.get("status").asText().equals("pending")) {
                return delivery;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("delivery " + deliveryId + " still pending: " + delivery);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The newest finished delivery of a notification type about a resource ({@code dataId}) or a user. */
    public JsonNode awaitDeliveryOf(String type, String dataId, Long userId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String query = "/sandbox/webhooks/deliveries?type=" + type + (dataId == null ? "" : "&data_id=" + dataId)
                + (userId == null ? "" : "&user_id=" + userId);
        while (true) {
            JsonNode results = get(query).get("results");
            if (!results.isEmpty() && !results.get(0).get("status").asText().equals("pending")) {
                return results.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no finished " + type + " delivery for " + dataId + ": " + results);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), 200);
    }

    public JsonNode post(String path, JsonNode body, int expectedStatus) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), expectedStatus);
    }

    private JsonNode send(HttpRequest.Builder request, int expectedStatus) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException("sandbox answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
