package dev.mpmarketplace.events.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mpmarketplace.events.Topic;

class TopicRoutingTest {

    @ParameterizedTest(name = "Mercado Pago {0} goes to {1}")
    @CsvSource({
            "payment, MERCADOPAGO_PAYMENT_NOTIFICATIONS",
            "merchant_order, MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS",
            "topic_merchant_order_wh, MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS",
            "mp-connect, MERCADOPAGO_CONNECT_NOTIFICATIONS",
            "point_integration_wh, MERCADOPAGO_POINT_NOTIFICATIONS",
            "point_integration_ipn, MERCADOPAGO_POINT_NOTIFICATIONS",
            "order, MERCADOPAGO_ORDER_NOTIFICATIONS",
            "chargebacks, UNROUTED_NOTIFICATIONS",
            "Payment, UNROUTED_NOTIFICATIONS",
            "subscription_preapproval, UNROUTED_NOTIFICATIONS"})
    void routesMercadoPagoTopics(String providerTopic, Topic expected) {
        assertThat(TopicRouting.mercadoPago(providerTopic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Mercado Libre {0} goes to {1}")
    @CsvSource({
            "orders_v2, MERCADOLIBRE_ORDER_NOTIFICATIONS",
            "orders, MERCADOLIBRE_ORDER_NOTIFICATIONS",
            "created_orders, MERCADOLIBRE_ORDER_NOTIFICATIONS",
            "payments, MERCADOLIBRE_PAYMENT_NOTIFICATIONS",
            "items, UNROUTED_NOTIFICATIONS",
            "questions, UNROUTED_NOTIFICATIONS"})
    void routesMercadoLibreTopics(String providerTopic, Topic expected) {
        assertThat(TopicRouting.mercadoLibre(providerTopic)).isEqualTo(expected);
    }
}
