package dev.mpmarketplace.testing.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotificationReader;
import dev.mpmarketplace.events.notification.Verification;

class NotificationsTest {

    @Test
    void aPaymentHasTheDocumentedWebhookShape() {
        MercadoPagoNotification payment = Notifications.payment("999999999").action("payment.updated").seller(44444);

        ObjectNode body = payment.body();

        assertThat(body.get("type").asText()).isEqualTo("payment");
        assertThat(body.get("action").asText()).isEqualTo("payment.updated");
        assertThat(body.get("user_id").asLong()).isEqualTo(44444);
        assertThat(body.at("/data/id").asText()).isEqualTo("999999999");
        assertThat(body.get("id").asText()).isEqualTo(payment.notificationId());
        assertThat(body.get("api_version").asText()).isEqualTo("v1");
        assertThat(payment.query()).isEqualTo("data.id=999999999&type=payment");
    }

    @Test
    void anMpConnectNotificationNamesTheSellerAsResourceAndUser() {
        MercadoPagoNotification deauthorized = Notifications.mpConnect(734908421L, "application.deauthorized");

        assertThat(deauthorized.dataId()).isEqualTo("734908421");
        assertThat(deauthorized.body().get("user_id").asLong()).isEqualTo(734908421L);
        assertThat(deauthorized.withoutSeller().body().has("user_id")).isFalse();
    }

    @Test
    void aMerchantOrderNotificationsIdIsTheOrder() {
        MercadoPagoNotification order = Notifications.merchantOrder("29622218613");

        assertThat(order.body().get("id").asText()).isEqualTo("29622218613");
        assertThat(order.body().get("version").asInt()).isZero();
        assertThat(order.notificationId()).isNull();
    }

    @Test
    void whatIngestWouldPublishIsAValidRawNotification() {
        MercadoPagoNotification deauthorized = Notifications.mpConnect(734908421L, "application.deauthorized");

        RawNotification published = deauthorized.published("rid-1", 1763816400000L);
        RawNotification read = RawNotificationReader.read(consumed(published.toProducerRecord()));

        assertThat(read.topic()).isEqualTo(Topic.MERCADOPAGO_CONNECT_NOTIFICATIONS);
        assertThat(read.key()).isEqualTo("734908421:734908421");
        assertThat(read.sellerId()).isEqualTo(734908421L);
        assertThat(read.action()).isEqualTo("application.deauthorized");
        assertThat(read.verification()).isEqualTo(Verification.SIGNATURE_VALID);
        assertThat(read.body().toString()).isEqualTo(deauthorized.json());
    }

    @Test
    void mercadoLibreAndPointNotificationsArePublishedAsIngestWould() {
        MercadoLibreNotification order = Notifications.mercadoLibreOrder("2000004912352524").seller(55555)
                .application("79802107905989641");
        PointIntentNotification intent = Notifications.pointIntent("intent-1", "CANCELED").withoutCaller();

        RawNotification feed = RawNotificationReader.read(consumed(order.published(null).toProducerRecord()));
        RawNotification point = RawNotificationReader.read(consumed(intent.published("r").toProducerRecord()));

        assertThat(order.body().get("application_id").isIntegralNumber()).isTrue();
        assertThat(order.json()).contains("\"application_id\":79802107905989641");
        assertThat(feed.key()).isEqualTo("55555:/orders/2000004912352524");
        assertThat(feed.topic()).isEqualTo(Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS);
        assertThat(intent.body().has("payment")).isFalse();
        assertThat(point.key()).isEqualTo("unknown:intent-1");
        assertThat(point.verification()).isEqualTo(Verification.UNSIGNED_POINT);
    }

    @Test
    void uniqueIdsAreNumericAndDiffer() {
        assertThat(Notifications.uniqueId()).matches("\\d{10}").isNotEqualTo(Notifications.uniqueId());
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(record.topic(), 0, 0, record.key(),
                record.value());
        record.headers().forEach(header -> consumed.headers().add(header));
        return consumed;
    }
}
