package dev.mpmarketplace.events.notification;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.CloudEventAttributes.MalformedCloudEventException;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.Topic;

/**
 * Turns a consumed raw notification record back into the {@link RawNotification} notification-ingest-service
 * published, checking everything the contract promises, or throws {@link PoisonRecordException}. Every consumer of a
 * raw notification topic reads its records through this and nothing else.
 * <p>
 * What it checks: the topic is a raw notification topic; the CloudEvents attributes are complete, come from
 * notification-ingest-service and name a raw notification type of the record's provider topic; the extension headers
 * name a known verification and the provider topic; the key is {@code <seller id>:<resource id>} with a positive
 * seller id or {@code unknown}, and {@code ce_subject} is that seller; the value is one JSON object.
 */
public final class RawNotificationReader {

    private RawNotificationReader() {
    }

    /**
     * Reads one record.
     *
     * @throws PoisonRecordException when it is not a raw notification as ingest publishes it; the message says why
     *         and never contains the value
     */
    public static RawNotification read(ConsumerRecord<String, byte[]> record) {
        if (record == null) {
            throw new PoisonRecordException("no record");
        }
        Topic topic = Topic.forName(record.topic())
                .filter(candidate -> candidate.kind() == Topic.Kind.RAW_NOTIFICATION)
                .orElseThrow(() -> new PoisonRecordException(record.topic() + " is not a raw notification topic"));
        CloudEventAttributes attributes;
        try {
            attributes = CloudEventAttributes.readFrom(record.headers());
        } catch (MalformedCloudEventException e) {
            throw new PoisonRecordException(e.getMessage(), e);
        }
        if (!EventSource.NOTIFICATION_INGEST.uri().equals(attributes.source())) {
            throw new PoisonRecordException("ce_source " + attributes.source() + " is not notification-ingest-service");
        }
        RawNotificationHeaders headers = RawNotificationHeaders.readFrom(record.headers());
        try {
            RawNotifications.providerOf(attributes.type(), headers.providerTopic());
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(e.getMessage(), e);
        }
        String key = record.key();
        int separator = key == null ? -1 : key.indexOf(':');
        if (separator < 0) {
            throw new PoisonRecordException("the key is not <seller>:<resource>");
        }
        Long sellerId = sellerId(key.substring(0, separator));
        if (record.value() == null) {
            throw new PoisonRecordException("the record has no value");
        }
        try {
            NotificationBody.parseObject(record.value());
        } catch (NotificationBody.MalformedBodyException e) {
            throw new PoisonRecordException("the value " + e.getMessage(), e);
        }
        try {
            return new RawNotification(topic, sellerId, key.substring(separator + 1), attributes, headers,
                    record.value());
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(e.getMessage(), e);
        }
    }

    private static Long sellerId(String text) {
        if (RawNotification.UNKNOWN_SELLER.equals(text)) {
            return null;
        }
        Long sellerId = SellerIds.parse(text);
        if (sellerId == null) {
            throw new PoisonRecordException("the seller part of the key is neither a user id nor unknown");
        }
        return sellerId;
    }
}
