package dev.mpmarketplace.testing.mercadopago;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One webhook delivery of the sandbox ({@code GET /sandbox/webhooks/deliveries/{id}}, docs/sandbox/webhooks.md): a
 * notification on its way to one target, with every attempt made.
 *
 * @param id the delivery id
 * @param status {@code pending}, {@code delivered}, {@code failed}, {@code dropped} or {@code undeliverable}
 * @param notificationId the notification's {@code id} (the same on every delivery, duplicate and replay of it)
 * @param type the notification type
 * @param action its action
 * @param dataId the resource id, {@code data.id} of the query
 * @param userId the seller, or {@code null}
 * @param signed whether its attempts carry an {@code x-signature}
 * @param nextAttemptAt when the next attempt is due on the sandbox clock (ISO-8601), or {@code null}
 * @param notification the body as sent, identical on every attempt
 * @param attempts the attempts, first first
 */
public record WebhookDelivery(String id, String status, String notificationId, String type, String action,
        String dataId, Long userId, boolean signed, String nextAttemptAt, JsonNode notification,
        List<Attempt> attempts) {

    /**
     * One attempt: the request as it was sent, and its outcome.
     *
     * @param number 1 for the first
     * @param requestId its {@code x-request-id} (new for every attempt)
     * @param url where it went, query included
     * @param xSignature its {@code x-signature} header, or {@code null} when unsigned
     * @param statusCode the answer's status, or {@code null} when there was none
     * @param error what went wrong when there was no answer, or {@code null}
     */
    public record Attempt(int number, String requestId, URI url, String xSignature, Integer statusCode,
            String error) {

        static Attempt from(JsonNode json) {
            return new Attempt(json.path("number").asInt(), json.path("request_id").asText(null),
                    URI.create(json.path("url").asText()), json.path("x_signature").asText(null),
                    json.path("status_code").isNumber() ? json.path("status_code").asInt() : null,
                    json.path("error").asText(null));
        }

        /** The path and query the attempt was sent to, for sending the same request again. */
        public String pathAndQuery() {
            return url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        }
    }

    static WebhookDelivery from(JsonNode json) {
        List<Attempt> attempts = new ArrayList<>();
        json.path("attempts").forEach(attempt -> attempts.add(Attempt.from(attempt)));
        return new WebhookDelivery(json.path("id").asText(), json.path("status").asText(),
                json.path("notification_id").asText(null), json.path("type").asText(null),
                json.path("action").asText(null), json.path("data_id").asText(null),
                json.path("user_id").isNumber() ? json.path("user_id").asLong() : null, json.path("signed").asBoolean(),
                json.path("next_attempt_at").isTextual() ? json.path("next_attempt_at").asText() : null,
                json.path("notification"), List.copyOf(attempts));
    }

    /** Whether the sandbox is still trying. */
    public boolean isPending() {
        return "pending".equals(status);
    }

    /** Whether an attempt was answered 200 or 201. */
    public boolean isDelivered() {
        return "delivered".equals(status);
    }

    /** The first attempt. */
    public Attempt firstAttempt() {
        if (attempts.isEmpty()) {
            throw new IllegalStateException("delivery " + id + " has no attempt yet");
        }
        return attempts.get(0);
    }

    /** The latest attempt. */
    public Attempt lastAttempt() {
        if (attempts.isEmpty()) {
            throw new IllegalStateException("delivery " + id + " has no attempt yet");
        }
        return attempts.get(attempts.size() - 1);
    }
}
