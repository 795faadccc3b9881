package dev.mpmarketplace.testing.notifications;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotifications;

/**
 * A Mercado Pago Webhooks notification for a test, in the shapes the reference documents (6.1) and the sandbox sends:
 * a named starting point ({@link Notifications#payment}, {@link Notifications#mpConnect}, ...) and the few things a
 * test changes, then its {@linkplain #json() body}, its {@linkplain #query() query}, or the
 * {@linkplain #published(String, long) raw notification record} notification-ingest-service would publish for it.
 * Mutable, for one test.
 */
public final class MercadoPagoNotification {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MERCHANT_ORDER_WH = "topic_merchant_order_wh";

    private final String type;
    private String action;
    private final String dataId;
    private Long sellerId;
    private long notificationId = ThreadLocalRandom.current().nextLong(10_000_000_000L, 99_999_999_999L);
    private String dateCreated = "2026-11-22T10:04:58.396-03:00";

    MercadoPagoNotification(String type, String action, String dataId, Long sellerId) {
        this.type = type;
        this.action = action;
        this.dataId = dataId;
        this.sellerId = sellerId;
    }

    /** Another action ({@code payment.updated}, {@code application.deauthorized}, ...). */
    public MercadoPagoNotification action(String newAction) {
        this.action = newAction;
        return this;
    }

    /** The seller ({@code user_id}). */
    public MercadoPagoNotification seller(long userId) {
        this.sellerId = userId;
        return this;
    }

    /** No {@code user_id} at all. */
    public MercadoPagoNotification withoutSeller() {
        this.sellerId = null;
        return this;
    }

    /** The notification's own {@code id} (random by default; the merchant order shape has none). */
    public MercadoPagoNotification notificationId(long id) {
        this.notificationId = id;
        return this;
    }

    /** The body's {@code date_created}. */
    public MercadoPagoNotification dateCreated(OffsetDateTime created) {
        this.dateCreated = created.toString();
        return this;
    }

    public String type() {
        return type;
    }

    public String action() {
        return action;
    }

    /** The resource id: {@code data.id} of the query (and of the body, or its {@code id} for merchant orders). */
    public String dataId() {
        return dataId;
    }

    public Long sellerId() {
        return sellerId;
    }

    /** The notification's {@code id}, or {@code null} for the merchant order shape (whose {@code id} is the order). */
    public String notificationId() {
        return MERCHANT_ORDER_WH.equals(type) ? null : Long.toString(notificationId);
    }

    /** The body as Mercado Pago sends it; a fresh copy a test may change to build an attack. */
    public ObjectNode body() {
        ObjectNode body = JSON.createObjectNode();
        if (MERCHANT_ORDER_WH.equals(type)) {
            body.put("action", action);
            body.putObject("data").put("currency_id", "").put("marketplace", "NONE").put("status", "opened");
            body.put("date_created", dateCreated);
            body.put("id", dataId);
            body.put("live_mode", true);
            body.put("status", "opened");
            body.put("type", type);
            putSeller(body);
            body.put("version", 0);
            return body;
        }
        body.put("id", notificationId);
        body.put("live_mode", true);
        body.put("type", type);
        body.put("date_created", dateCreated);
        putSeller(body);
        body.put("api_version", "v1");
        body.put("action", action);
        body.putObject("data").put("id", dataId);
        return body;
    }

    /** The body as JSON text. */
    public String json() {
        return body().toString();
    }

    /** The Webhooks query, {@code data.id=<id>&type=<type>}, URL-encoded. */
    public String query() {
        return "data.id=" + URLEncoder.encode(dataId, StandardCharsets.UTF_8) + "&type="
                + URLEncoder.encode(type, StandardCharsets.UTF_8);
    }

    /**
     * The record notification-ingest-service publishes for this notification delivered with the given signed
     * {@code x-request-id} and {@code ts}: the same topic, key, ids and headers, from the same code
     * ({@link RawNotifications#mercadoPagoWebhook}).
     */
    public RawNotification published(String requestId, long signatureTimestamp) {
        return RawNotifications.mercadoPagoWebhook(type, dataId, requestId, Long.toString(signatureTimestamp),
                sellerId, action, notificationId(), json().getBytes(StandardCharsets.UTF_8),
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    private void putSeller(ObjectNode body) {
        if (sellerId != null) {
            body.put("user_id", sellerId);
        }
    }
}
