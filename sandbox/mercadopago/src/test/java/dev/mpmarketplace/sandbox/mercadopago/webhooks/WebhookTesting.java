package dev.mpmarketplace.sandbox.mercadopago.webhooks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** Shortcuts for webhook tests: options, emitting test notifications, waiting on deliveries, moving the clock. */
public final class WebhookTesting {

    /** A short ladder: two retries, 15 and 30 minutes after the failures, then give up. */
    public static final List<Duration> LADDER = List.of(Duration.ofMinutes(15), Duration.ofMinutes(30));

    private WebhookTesting() {
    }

    /** Defaults, with the seeded application's webhook URL at the receiver and the short ladder. */
    public static MercadoPagoSandboxOptions options(WebhookReceiver receiver) {
        MercadoPagoSandboxOptions defaults = MercadoPagoSandboxOptions.defaults();
        return defaults.withSeededApplication(receiver.url(), defaults.linkingRedirectUri())
                .withWebhookRetryLadder(LADDER);
    }

    /** {@code POST /sandbox/webhooks/test} for the seeded application; returns the answer. */
    public static JsonNode emit(SandboxHttp http, String type, String action, String dataId, long userId) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("client_id", http.marketplaceApplication().get("client_id").asText());
        request.put("type", type);
        request.put("action", action);
        request.put("data_id", dataId);
        request.put("user_id", userId);
        return emit(http, request);
    }

    public static JsonNode emit(SandboxHttp http, Map<String, Object> request) {
        Response response = http.post("/sandbox/webhooks/test", null, request);
        if (response.status() != 201) {
            throw new AssertionError("test notification refused: " + response.status() + " " + response.body());
        }
        return response.json();
    }

    public static JsonNode delivery(SandboxHttp http, String id) {
        return http.get("/sandbox/webhooks/deliveries/" + id, null).json();
    }

    /** Waits (up to 15 s) until the delivery satisfies the condition, and returns it. */
    public static JsonNode awaitDelivery(SandboxHttp http, String id, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode delivery = delivery(http, id);
        while (!condition.test(delivery)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("delivery never reached the expected state: " + delivery);
            }
            WebhookReceiver.pause();
            delivery = delivery(http, id);
        }
        return delivery;
    }

    public static Predicate<JsonNode> attempts(int count) {
        return delivery -> delivery.get("attempts").size() >= count;
    }

    public static Predicate<JsonNode> status(String status) {
        return delivery -> delivery.get("status").asText().equals(status);
    }

    public static void advanceClock(SandboxHttp http, Duration by) {
        Response response = http.post("/sandbox/clock", null, Map.of("advance", by.toString()));
        if (response.status() != 200) {
            throw new AssertionError("clock refused: " + response.body());
        }
    }
}
