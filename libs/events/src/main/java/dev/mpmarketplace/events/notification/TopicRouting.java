package dev.mpmarketplace.events.notification;

import java.util.Map;

import dev.mpmarketplace.events.Topic;

/**
 * Which Kafka topic a provider's notification topic goes to. A topic no service consumes yet goes to
 * {@link Topic#UNROUTED_NOTIFICATIONS}: it is still verified, published and answered 200, so nothing is lost when a
 * new topic is subscribed in the provider's panel before a consumer exists.
 */
public final class TopicRouting {

    /** Mercado Pago Webhooks {@code type} and IPN {@code topic} values. */
    private static final Map<String, Topic> MERCADO_PAGO = Map.of(
            "payment", Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS,
            "merchant_order", Topic.MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS,
            "topic_merchant_order_wh", Topic.MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS,
            "mp-connect", Topic.MERCADOPAGO_CONNECT_NOTIFICATIONS,
            "point_integration_wh", Topic.MERCADOPAGO_POINT_NOTIFICATIONS,
            "point_integration_ipn", Topic.MERCADOPAGO_POINT_NOTIFICATIONS,
            "order", Topic.MERCADOPAGO_ORDER_NOTIFICATIONS);

    /** Mercado Libre feed {@code topic} values. */
    private static final Map<String, Topic> MERCADO_LIBRE = Map.of(
            "orders_v2", Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS,
            "orders", Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS,
            "created_orders", Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS,
            "payments", Topic.MERCADOLIBRE_PAYMENT_NOTIFICATIONS);

    private TopicRouting() {
    }

    /** The topic of a Mercado Pago notification ({@code type} or IPN {@code topic}, case as sent). */
    public static Topic mercadoPago(String providerTopic) {
        return MERCADO_PAGO.getOrDefault(providerTopic, Topic.UNROUTED_NOTIFICATIONS);
    }

    /** The topic of a Mercado Libre feed notification. */
    public static Topic mercadoLibre(String providerTopic) {
        return MERCADO_LIBRE.getOrDefault(providerTopic, Topic.UNROUTED_NOTIFICATIONS);
    }

    /** The topic of a Point integrator webhook notification (the raw intent body). */
    public static Topic pointIntegrator() {
        return Topic.MERCADOPAGO_POINT_NOTIFICATIONS;
    }
}
