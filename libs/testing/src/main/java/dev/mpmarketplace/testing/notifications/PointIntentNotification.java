package dev.mpmarketplace.testing.notifications;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotifications;

/**
 * A Point integrator webhook notification for a test: the raw payment intent body (reference 5A, 12.a). Mutable, for
 * one test.
 */
public final class PointIntentNotification {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String intentId;
    private final String state;
    private Long callerId = 9876543L;

    PointIntentNotification(String intentId, String state) {
        this.intentId = intentId;
        this.state = state;
    }

    /** The user whose token created the intent ({@code caller_id}). */
    public PointIntentNotification caller(long userId) {
        this.callerId = userId;
        return this;
    }

    /** No {@code caller_id}. */
    public PointIntentNotification withoutCaller() {
        this.callerId = null;
        return this;
    }

    public String intentId() {
        return intentId;
    }

    public String state() {
        return state;
    }

    public Long callerId() {
        return callerId;
    }

    /** The body; a fresh copy a test may change. {@code ERROR} and {@code CANCELED} intents have no payment. */
    public ObjectNode body() {
        ObjectNode body = JSON.createObjectNode().put("amount", 100);
        if (callerId != null) {
            body.put("caller_id", callerId);
        }
        body.put("client_id", 1234567890L)
                .put("created_at", "2026-11-22 17:10:37")
                .put("id", intentId)
                .put("state", state);
        if (!"ERROR".equals(state) && !"CANCELED".equals(state)) {
            body.putObject("payment").put("id", 123456789L).put("state", "approved").put("type", "credit_card");
        }
        body.putObject("additional_info").put("external_reference", "information").put("ticket_number", "39SHDKKDJ");
        return body;
    }

    /** The body as JSON text. */
    public String json() {
        return body().toString();
    }

    /** The record notification-ingest-service publishes for it ({@link RawNotifications#pointIntent}). */
    public RawNotification published(String requestId) {
        return RawNotifications.pointIntent(intentId, state, callerId, requestId,
                json().getBytes(StandardCharsets.UTF_8), OffsetDateTime.now(ZoneOffset.UTC));
    }
}
