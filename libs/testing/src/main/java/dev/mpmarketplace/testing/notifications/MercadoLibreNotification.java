package dev.mpmarketplace.testing.notifications;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotifications;

/**
 * A Mercado Libre feed notification for a test, in the documented shape (reference 6.5):
 * {@code {_id, resource, user_id, topic, application_id, attempts, sent, received}}. Mutable, for one test.
 */
public final class MercadoLibreNotification {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final String resource;
    private final String notificationId = UUID.randomUUID().toString();
    private long sellerId = 734908421L;
    private String applicationId = "7980210790598964";

    MercadoLibreNotification(String topic, String resource) {
        this.topic = topic;
        this.resource = resource;
    }

    /** The seller ({@code user_id}). */
    public MercadoLibreNotification seller(long userId) {
        this.sellerId = userId;
        return this;
    }

    /** The application it is for ({@code application_id}, digits, possibly beyond 2^53). */
    public MercadoLibreNotification application(String id) {
        this.applicationId = id;
        return this;
    }

    public String topic() {
        return topic;
    }

    /** The resource path, e.g. {@code /orders/2000004912352524}. */
    public String resource() {
        return resource;
    }

    public long sellerId() {
        return sellerId;
    }

    /** The notification's {@code _id}. */
    public String notificationId() {
        return notificationId;
    }

    /** The body; a fresh copy a test may change. {@code application_id} is a JSON number, as Mercado Libre sends it. */
    public ObjectNode body() {
        return JSON.createObjectNode()
                .put("_id", notificationId)
                .put("resource", resource)
                .put("user_id", sellerId)
                .put("topic", topic)
                .put("application_id", new java.math.BigInteger(applicationId))
                .put("attempts", 1)
                .put("sent", "2026-11-22T13:19:20.129Z")
                .put("received", "2026-11-22T13:19:20.106Z");
    }

    /** The body as JSON text. */
    public String json() {
        return body().toString();
    }

    /** The record notification-ingest-service publishes for it ({@link RawNotifications#mercadoLibreFeed}). */
    public RawNotification published(String requestId) {
        return RawNotifications.mercadoLibreFeed(topic, notificationId, resource, sellerId, requestId,
                json().getBytes(StandardCharsets.UTF_8), OffsetDateTime.now(ZoneOffset.UTC));
    }
}
