package dev.mpmarketplace.testing.notifications;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Small named builders of the notifications tests send and publish, instead of JSON written inline: each starts from
 * the documented shape and changes only what the test is about.
 *
 * <pre>{@code
 * MercadoPagoNotification deauthorized = Notifications.mpConnect(sellerId, "application.deauthorized");
 * given().body(deauthorized.json()).post("/webhooks/mercadopago?" + deauthorized.query());   // over HTTP
 * broker.publish(deauthorized.published(requestId, ts).toProducerRecord());                  // as ingest would
 * }</pre>
 */
public final class Notifications {

    private Notifications() {
    }

    /** A unique numeric resource id for one test, so its records can be told apart from every other test's. */
    public static String uniqueId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
    }

    /** A Mercado Pago {@code payment} {@code payment.created} notification about a payment, seller 1000002. */
    public static MercadoPagoNotification payment(String paymentId) {
        return new MercadoPagoNotification("payment", "payment.created", paymentId, 1_000_002L);
    }

    /**
     * An {@code mp-connect} notification: a seller authorized ({@code application.authorized}) or deauthorized
     * ({@code application.deauthorized}) the marketplace's application; {@code data.id} is the seller, as the sandbox
     * sends it.
     */
    public static MercadoPagoNotification mpConnect(long sellerId, String action) {
        return new MercadoPagoNotification("mp-connect", action, Long.toString(sellerId), sellerId);
    }

    /**
     * A {@code topic_merchant_order_wh} notification in the shape third parties captured (reference 6.1): the merchant
     * order id is its top-level {@code id}, action {@code update}, seller 1000002.
     */
    public static MercadoPagoNotification merchantOrder(String merchantOrderId) {
        return new MercadoPagoNotification("topic_merchant_order_wh", "update", merchantOrderId, 1_000_002L);
    }

    /** An Orders API {@code order} {@code order.processed} notification (ids like {@code ORD01...}), seller 1000002. */
    public static MercadoPagoNotification order(String orderId) {
        return new MercadoPagoNotification("order", "order.processed", orderId, 1_000_002L);
    }

    /** A {@code point_integration_wh} notification ({@code state_FINISHED}, ...) about a Point intent. */
    public static MercadoPagoNotification pointIntegration(String intentId, String action) {
        return new MercadoPagoNotification("point_integration_wh", action, intentId, 1_000_002L);
    }

    /** A Mercado Pago notification of any type. */
    public static MercadoPagoNotification mercadoPago(String type, String action, String dataId) {
        return new MercadoPagoNotification(type, action, dataId, 1_000_002L);
    }

    /** A Mercado Libre feed notification ({@code orders_v2}, {@code payments}, ...) about a resource path. */
    public static MercadoLibreNotification mercadoLibre(String topic, String resource) {
        return new MercadoLibreNotification(topic, resource);
    }

    /** A Mercado Libre {@code orders_v2} notification about an order. */
    public static MercadoLibreNotification mercadoLibreOrder(String orderId) {
        return new MercadoLibreNotification("orders_v2", "/orders/" + orderId);
    }

    /** A Point integrator webhook notification: the raw intent in a state ({@code FINISHED}, ...), caller 9876543. */
    public static PointIntentNotification pointIntent(String intentId, String state) {
        return new PointIntentNotification(intentId, state);
    }
}
