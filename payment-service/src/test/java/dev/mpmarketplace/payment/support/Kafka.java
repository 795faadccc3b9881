package dev.mpmarketplace.payment.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.EventTypes;
import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.RawNotificationHeaders;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;

/**
 * The records the tests put on the broker and read back: payment notifications published the way
 * notification-ingest-service publishes them (decision 0007), commands as a marketplace backend sends them, and the
 * payment events and dead letters the service publishes. The one place these tests touch Kafka records; it gives way to
 * libs/testing's notification builders and KafkaCompanion when they land.
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
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final String bootstrap;

    public Kafka(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * Publishes Mercado Pago's notification body as ingest does: binary CloudEvent, id from the notification's own id,
     * key {@code <user_id>:<data.id>}; answers the CloudEvent id.
     */
    public String publishNotification(JsonNode body) {
        String notificationId = body.get("id").asText();
        String userId = body.get("user_id").asText();
        String resource = body.get("data").get("id").asText();
        String eventId = StableEventId.of("mercadopago", "notification", notificationId);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS.topicName(), RawNotificationHeaders.recordKey(userId, resource),
                body.toString().getBytes(StandardCharsets.UTF_8));
        new CloudEventAttributes(eventId, EventSource.NOTIFICATION_INGEST.uri(),
                EventTypes.rawNotification("mercadopago", "payment"), userId, OffsetDateTime.now(),
                CloudEventAttributes.JSON).writeTo(record.headers());
        new RawNotificationHeaders(UUID.randomUUID().toString(), RawNotificationHeaders.VERIFICATION_VALID,
                notificationId).writeTo(record.headers());
        send(record);
        return eventId;
    }

    /** A payment notification as Mercado Pago would send it for this payment (a new notification id each). */
    public static JsonNode notificationBody(long sellerId, long paymentId, String action) {
        return JSON.valueToTree(java.util.Map.of("id", 10_000_000_000L + (long) (Math.random() * 89_999_999_999L),
                "live_mode", true, "type", "payment", "date_created", OffsetDateTime.now().toString(), "user_id",
                sellerId, "api_version", "v1", "action", action, "data", java.util.Map.of("id",
                        Long.toString(paymentId))));
    }

    /** Sends a command as a marketplace backend would: binary CloudEvent of the command's type, key the seller. */
    public String publishCommand(String type, String key, Object data) {
        String commandId = UUID.randomUUID().toString();
        publishCommand(commandId, type, key, data);
        return commandId;
    }

    /** Sends a command with a given CloudEvent id (a redelivery sends the same id again). */
    public void publishCommand(String commandId, String type, String key, Object data) {
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.PAYMENT_COMMANDS.topicName(), key,
                    JSON.writeValueAsBytes(data));
            new CloudEventAttributes(commandId, java.net.URI.create("/marketplace-backend"), type, null,
                    OffsetDateTime.now(), CloudEventAttributes.JSON).writeTo(record.headers());
            send(record);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a seller event as seller-linking-service's outbox does: binary CloudEvent, key the seller. */
    public void publishSellerEvent(String type, long sellerId, Object data) {
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.SELLER_EVENTS.topicName(),
                    Long.toString(sellerId), JSON.writeValueAsBytes(data));
            new CloudEventAttributes(UUID.randomUUID().toString(), EventSource.SELLER_LINKING.uri(), type,
                    Long.toString(sellerId), OffsetDateTime.now(), CloudEventAttributes.JSON)
                    .writeTo(record.headers());
            send(record);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends raw bytes with no headers (a poison record). */
    public void publishRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every record of the topic that matches, waiting up to {@code wait} for at least {@code atLeast}. */
    public List<Event> read(Topic topic, Predicate<Event> matching, int atLeast, Duration wait) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.topicName()));
            long deadline = System.nanoTime() + wait.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    CloudEventAttributes attributes;
                    try {
                        attributes = CloudEventAttributes.readFrom(record.headers());
                    } catch (RuntimeException notACloudEvent) {
                        attributes = null;
                    }
                    Event event = new Event(record.key(), attributes,
                            record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
                    if (matching.test(event)) {
                        events.add(event);
                    }
                }
                if (events.size() >= atLeast && settleUntil == Long.MAX_VALUE) {
                    // a little longer, so that a duplicate right behind is seen too
                    settleUntil = System.nanoTime() + Duration.ofMillis(700).toNanos();
                }
            }
        }
        return events;
    }

    private void send(ProducerRecord<String, byte[]> record) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
