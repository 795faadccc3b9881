package dev.mpmarketplace.ingest.service;

import java.util.Objects;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.RawNotificationHeaders;
import dev.mpmarketplace.events.Topic;

/**
 * A verified notification, ready to publish: where it goes, its key, its CloudEvents attributes and extension headers,
 * and its value (the body exactly as received).
 *
 * @param source where it came from, for metrics and logs
 * @param providerTopic the provider's own topic name ({@code payment}, {@code orders_v2}, ...)
 * @param topic the Kafka topic it is published to
 * @param key the record key, {@code <seller>:<resource>}
 * @param sellerId the seller's user id, or {@code null} when the notification names none
 * @param resourceId the id of the resource the notification is about
 * @param attributes the CloudEvents attributes
 * @param headers the raw-notification extension headers
 * @param payload the record value
 */
public record RawNotification(NotificationSource source, String providerTopic, Topic topic, String key,
        String sellerId, String resourceId, CloudEventAttributes attributes, RawNotificationHeaders headers,
        byte[] payload) {

    public RawNotification {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(payload, "payload");
    }
}
