package dev.mpmarketplace.payment.support;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.testing.kafka.KafkaTestBroker;
import dev.mpmarketplace.testing.notifications.Notifications;

/**
 * What these tests put on the broker and read back, through the test kit: payment notifications exactly as
 * notification-ingest-service publishes them (libs/testing's notification builders, libs/events RawNotifications),
 * commands as a marketplace backend sends them, seller events as seller-linking-service's outbox publishes them, and
 * the payment events and dead letters the service publishes.
 */
public final class Kafka {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    /** One record read back: key, CloudEvent attributes (when it has them), value as text and as JSON. */
    public record Event(String key, CloudEventAttributes attributes, String value) {

        public String type() {
            return attributes == null ? null : attributes.type();
        }

        public JsonNode data() {
            try {
                return JSON.readTree(value);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final KafkaTestBroker broker;

    public Kafka(KafkaTestBroker broker) {
        this.broker = broker;
    }

    /**
     * A payment notification of one delivery (its own signed request id), as ingest publishes it for Mercado Pago's
     * webhook: publish it once for a delivery, twice for a duplicated delivery.
     */
    public static RawNotification notification(long sellerId, long paymentId, String action) {
        return Notifications.payment(Long.toString(paymentId)).seller(sellerId).action(action)
                .published(UUID.randomUUID().toString(), Instant.now().toEpochMilli());
    }

    /** Publishes a notification; answers its CloudEvent id. */
    public String publishNotification(RawNotification notification) {
        broker.publish(notification.toProducerRecord());
        return notification.eventId();
    }

    /** Sends a command as a marketplace backend would: binary CloudEvent of the command's type. Answers its id. */
    public String publishCommand(String type, String key, Object data) {
        String commandId = UUID.randomUUID().toString();
        publishCommand(commandId, type, key, data);
        return commandId;
    }

    /** Sends a command with a given CloudEvent id (a redelivery sends the same id again). */
    public void publishCommand(String commandId, String type, String key, Object data) {
        publish(Topic.PAYMENT_COMMANDS, key, new CloudEventAttributes(commandId, URI.create("/marketplace-backend"),
                type, null, OffsetDateTime.now(), CloudEventAttributes.JSON), data);
    }

    /** Publishes a seller event as seller-linking-service's outbox does: binary CloudEvent, key the seller. */
    public void publishSellerEvent(String type, long sellerId, Object data) {
        publish(Topic.SELLER_EVENTS, Long.toString(sellerId), new CloudEventAttributes(UUID.randomUUID().toString(),
                EventSource.SELLER_LINKING.uri(), type, Long.toString(sellerId), OffsetDateTime.now(),
                CloudEventAttributes.JSON), data);
    }

    /** Sends raw bytes with no headers (a poison record). */
    public void publishRaw(String topic, String key, String value) {
        broker.publish(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Every record of the topic that matches, waiting up to {@code wait} for at least {@code atLeast} of them (the
     * outbox publishes after the commit), then a little longer, so that a duplicate right behind is seen too.
     */
    public List<Event> read(Topic topic, Predicate<Event> matching, int atLeast, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Event> events = matching(topic, matching);
        while (events.size() < atLeast && System.nanoTime() < deadline) {
            sleep(200);
            events = matching(topic, matching);
        }
        if (events.size() >= atLeast) {
            sleep(700);
            events = matching(topic, matching);
        }
        return events;
    }

    private List<Event> matching(Topic topic, Predicate<Event> matching) {
        return broker.records(List.of(topic.topicName())).stream().map(Kafka::event).filter(matching).toList();
    }

    private static Event event(ConsumerRecord<String, byte[]> record) {
        CloudEventAttributes attributes;
        try {
            attributes = CloudEventAttributes.readFrom(record.headers());
        } catch (RuntimeException notACloudEvent) {
            attributes = null;
        }
        return new Event(record.key(), attributes,
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
    }

    private void publish(Topic topic, String key, CloudEventAttributes attributes, Object data) {
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.topicName(), key,
                    JSON.writeValueAsBytes(data));
            attributes.writeTo(record.headers());
            broker.publish(record);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
