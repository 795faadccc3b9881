package dev.mpmarketplace.events.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;

class RawNotificationsTest {

    private static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2026-11-22T13:00:00Z");

    private static RawNotification webhook(String type, String requestId, String ts, Long seller, String action,
            String notificationId, String body) {
        return RawNotifications.mercadoPagoWebhook(type, "999999999", requestId, ts, seller, action, notificationId,
                body.getBytes(StandardCharsets.UTF_8), RECEIVED);
    }

    @Test
    void aSignedWebhookIsIdentifiedByItsSignedResourceAndRequestIdOnly() {
        RawNotification genuine = webhook("payment", "rid-1", "1763816400000", 44444L, "payment.created", "1",
                "{\"user_id\":44444}");
        RawNotification rewritten = webhook("mp-connect", "rid-1", "1763816460000", 55555L,
                "application.deauthorized", "2", "{\"user_id\":55555}");
        RawNotification anotherDelivery = webhook("payment", "rid-2", "1763816400000", 44444L, "payment.created",
                "1", "{\"user_id\":44444}");

        assertThat(genuine.eventId())
                .isEqualTo(StableEventId.of("mercadopago", "webhook", "999999999", "request-id", "rid-1"))
                .as("what a sender can change without the secret does not change the id")
                .isEqualTo(rewritten.eventId())
                .as("every delivery (Mercado Pago's retries have new request ids) is its own event")
                .isNotEqualTo(anotherDelivery.eventId());
    }

    @Test
    void aSignedWebhookWithoutRequestIdIsIdentifiedByItsSignedTimestamp() {
        assertThat(webhook("payment", null, "1763816400000", null, null, null, "{}").eventId())
                .isEqualTo(StableEventId.of("mercadopago", "webhook", "999999999", "ts", "1763816400000"))
                .isNotEqualTo(webhook("payment", null, "1763816400001", null, null, null, "{}").eventId());
    }

    @Test
    void aSignedWebhookIsKeyedBySellerAndSignedResourceAndRoutedByType() {
        RawNotification notification = webhook("mp-connect", "rid-1", "1763816400", 44444L,
                "application.authorized", null, "{}");
        ProducerRecord<String, byte[]> record = notification.toProducerRecord();

        assertThat(record.topic()).isEqualTo("notifications.mercadopago.mp-connect");
        assertThat(record.key()).isEqualTo("44444:999999999");
        assertThat(text(record, "ce_subject")).isEqualTo("44444");
        assertThat(text(record, "ce_type")).isEqualTo("dev.mpmarketplace.notification.mercadopago.mp-connect.v1");
        assertThat(text(record, "ce_source")).isEqualTo("/notification-ingest-service");
        assertThat(text(record, "ce_verification")).isEqualTo("valid");
        assertThat(text(record, "ce_providertopic")).isEqualTo("mp-connect");
        assertThat(text(record, "ce_action")).isEqualTo("application.authorized");
        assertThat(text(record, "ce_requestid")).isEqualTo("rid-1");
        assertThat(record.headers().lastHeader("ce_providerid")).isNull();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(webhook("subscription_preapproval", "r", "1", null, null, null, "{}").topic())
                .isEqualTo(Topic.UNROUTED_NOTIFICATIONS);
    }

    @Test
    void anIpnCarriesTheQueryAndNothingElseUnderARandomId() {
        RawNotification ipn = RawNotifications.mercadoPagoIpn("merchant_order", "555\"}", "rid", RECEIVED);
        RawNotification again = RawNotifications.mercadoPagoIpn("merchant_order", "555\"}", "rid", RECEIVED);

        assertThat(ipn.topic()).isEqualTo(Topic.MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS);
        assertThat(ipn.key()).isEqualTo("unknown:555\"}");
        assertThat(ipn.sellerId()).isNull();
        assertThat(ipn.attributes().subject()).isNull();
        assertThat(ipn.verification()).isEqualTo(Verification.UNSIGNED_IPN);
        assertThat(ipn.headers().providerId()).isNull();
        assertThat(ipn.action()).isNull();
        assertThat(ipn.body().get("id").asText()).isEqualTo("555\"}");
        assertThat(ipn.body().size()).isEqualTo(2);
        assertThat(ipn.eventId()).as("nobody can pick an IPN's id").isNotEqualTo(again.eventId());
    }

    @Test
    void aMercadoLibreNotificationIsIdentifiedByItsIdAndKeyedByItsResourcePath() {
        RawNotification notification = RawNotifications.mercadoLibreFeed("orders_v2", "f9f08571",
                "/orders/2000004912352524", 734908421L, null, "{}".getBytes(StandardCharsets.UTF_8), RECEIVED);

        assertThat(notification.eventId()).isEqualTo(StableEventId.of("mercadolibre", "f9f08571"));
        assertThat(notification.key()).isEqualTo("734908421:/orders/2000004912352524");
        assertThat(notification.topic()).isEqualTo(Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS);
        assertThat(notification.attributes().type())
                .isEqualTo("dev.mpmarketplace.notification.mercadolibre.orders-v2.v1");
        assertThat(notification.verification()).isEqualTo(Verification.APPLICATION_ID_MATCHED);
        assertThat(notification.provider()).isEqualTo(NotificationProvider.MERCADO_LIBRE);
    }

    @Test
    void aPointIntentIsOneEventPerState() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        RawNotification finished = RawNotifications.pointIntent("intent-1", "FINISHED", 9876543L, null, body,
                RECEIVED);

        assertThat(finished.eventId()).isEqualTo(StableEventId.of("mercadopago", "point", "intent-1", "FINISHED"))
                .isNotEqualTo(RawNotifications.pointIntent("intent-1", "CANCELED", 9876543L, null, body, RECEIVED)
                        .eventId());
        assertThat(finished.key()).isEqualTo("9876543:intent-1");
        assertThat(finished.topic()).isEqualTo(Topic.MERCADOPAGO_POINT_NOTIFICATIONS);
        assertThat(finished.attributes().type())
                .isEqualTo("dev.mpmarketplace.notification.mercadopago.point-integrator.v1");
        assertThat(finished.verification()).isEqualTo(Verification.UNSIGNED_POINT);
        assertThat(RawNotifications.pointIntent("intent-1", null, null, null, body, RECEIVED).key())
                .isEqualTo("unknown:intent-1");
    }

    @Test
    void aNotificationThatContradictsItselfCannotBeMade() {
        RawNotification payment = webhook("payment", "r", "1", 44444L, null, null, "{}");

        assertThatThrownBy(() -> new RawNotification(Topic.SELLER_EVENTS, 44444L, "1", payment.attributes(),
                payment.headers(), payment.value())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RawNotification(payment.topic(), 55555L, "1", payment.attributes(),
                payment.headers(), payment.value())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ce_subject");
        assertThatThrownBy(() -> new RawNotification(payment.topic(), 44444L, "", payment.attributes(),
                payment.headers(), payment.value())).isInstanceOf(IllegalArgumentException.class);
    }

    private static String text(ProducerRecord<String, byte[]> record, String header) {
        return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }
}
