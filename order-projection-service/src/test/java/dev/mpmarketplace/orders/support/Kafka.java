package dev.mpmarketplace.orders.support;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.payment.PaymentEventTypes;
import dev.mpmarketplace.events.payment.PaymentRefunded;
import dev.mpmarketplace.events.payment.PaymentStatusChanged;
import dev.mpmarketplace.events.point.PointIntent;
import dev.mpmarketplace.events.point.PointIntentEventTypes;
import dev.mpmarketplace.testing.kafka.KafkaTestBroker;
import dev.mpmarketplace.testing.notifications.Notifications;

/**
 * What these tests put on the broker: Mercado Libre order notifications exactly as notification-ingest-service
 * publishes them (libs/testing's builders, libs/events RawNotifications), and payment-service's events as its outbox
 * publishes them (binary CloudEvents of source {@code /payment-service}, key the payment), and point-service's
 * finished intents likewise.
 */
public final class Kafka {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    private final KafkaTestBroker broker;

    public Kafka(KafkaTestBroker broker) {
        this.broker = broker;
    }

    /** One delivery of a Mercado Libre order notification (its own {@code _id}), as ingest publishes it. */
    public static RawNotification orderNotification(String topic, long sellerId, long orderId) {
        return Notifications.mercadoLibre(topic, "/orders/" + orderId).seller(sellerId)
                .published(UUID.randomUUID().toString());
    }

    /** Publishes a notification; answers its CloudEvent id. */
    public String publish(RawNotification notification) {
        broker.publish(notification.toProducerRecord());
        return notification.eventId();
    }

    /** Publishes payment-service's {@code payment.status-changed}; answers its CloudEvent id. */
    public String publish(PaymentStatusChanged changed) {
        return publishPaymentEvent(PaymentEventTypes.STATUS_CHANGED, changed.paymentId(), changed.sellerId(), changed);
    }

    /** Publishes payment-service's {@code payment.refunded}; answers its CloudEvent id. */
    public String publish(PaymentRefunded refunded) {
        return publishPaymentEvent(PaymentEventTypes.REFUNDED, refunded.paymentId(), refunded.sellerId(), refunded);
    }

    /** Publishes point-service's {@code point-intent.finished}; answers its CloudEvent id. */
    public String publish(PointIntent finished) {
        return publishEvent(Topic.POINT_INTENT_EVENTS, EventSource.POINT, PointIntentEventTypes.FINISHED,
                finished.intentId(), finished.sellerId(), finished);
    }

    private String publishPaymentEvent(String type, String key, long sellerId, Object data) {
        return publishEvent(Topic.PAYMENT_EVENTS, EventSource.PAYMENT, type, key, sellerId, data);
    }

    private String publishEvent(Topic topic, EventSource source, String type, String key, long sellerId,
            Object data) {
        String id = UUID.randomUUID().toString();
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.topicName(), key,
                    JSON.writeValueAsBytes(data));
            new CloudEventAttributes(id, source.uri(), type, Long.toString(sellerId),
                    OffsetDateTime.now(), CloudEventAttributes.JSON).writeTo(record.headers());
            broker.publish(record);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** Every record of a topic, in each partition's order. */
    public List<ConsumerRecord<String, byte[]>> records(Topic topic) {
        return broker.records(List.of(topic.topicName()));
    }
}
