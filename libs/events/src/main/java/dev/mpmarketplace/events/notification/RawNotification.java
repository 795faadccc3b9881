package dev.mpmarketplace.events.notification;

import java.util.Objects;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.Topic;

/**
 * One raw notification: the record notification-ingest-service publishes for an accepted delivery, and what a
 * consumer reads back ({@link RawNotificationReader}). Made by {@link RawNotifications}, never by hand, so that ingest
 * and the tests that stand in for it agree on every id and header.
 * <p>
 * <b>It is a hint, never a fact.</b> It names a resource and, when the sender named one, a seller; a consumer fetches
 * the resource from Mercado Pago or Mercado Libre with that seller's token and acts on the answer. The seller is only
 * as trustworthy as the sender ({@link #verification()}); the {@linkplain #body() body} is for logs and diagnostics
 * only, and no effect may be taken from it.
 *
 * @param topic the raw notification topic it is published on
 * @param sellerId the seller's Mercado Pago / Mercado Libre user id as the notification names it, or {@code null}
 *        when it names none (a legacy IPN, a Point intent without {@code caller_id}); positive
 * @param resourceId the resource the notification is about: Mercado Pago's signed {@code data.id}, the IPN's
 *        {@code id}, Mercado Libre's {@code resource} path, the Point intent id; never empty
 * @param attributes the CloudEvents context attributes ({@code ce_id} is the identity consumers de-duplicate on;
 *        {@code ce_subject} is the seller id)
 * @param headers the extension headers: verification, request id, provider id, provider topic, action
 * @param value the record value: the body as received (a synthesised {@code {"topic","id"}} for a legacy IPN); one
 *        JSON object
 */
public record RawNotification(Topic topic, Long sellerId, String resourceId, CloudEventAttributes attributes,
        RawNotificationHeaders headers, byte[] value) {

    /** The seller part of the record key when the notification names no seller. */
    public static final String UNKNOWN_SELLER = "unknown";

    public RawNotification {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(value, "value");
        if (topic.kind() != Topic.Kind.RAW_NOTIFICATION) {
            throw new IllegalArgumentException(topic.topicName() + " is not a raw notification topic");
        }
        if (sellerId != null && sellerId <= 0) {
            throw new IllegalArgumentException("a seller id is positive: " + sellerId);
        }
        if (resourceId == null || resourceId.isEmpty()) {
            throw new IllegalArgumentException("a raw notification names its resource");
        }
        String subject = sellerId == null ? null : sellerId.toString();
        if (!Objects.equals(subject, attributes.subject())) {
            throw new IllegalArgumentException(
                    "ce_subject " + attributes.subject() + " is not the seller of the key " + subject);
        }
    }

    /**
     * The record key, {@code <seller id>:<resource id>} ({@value #UNKNOWN_SELLER} for an absent seller): every
     * notification about one resource lands in one partition, in order. The seller part is digits or
     * {@value #UNKNOWN_SELLER}, so the first {@code :} always ends it.
     */
    public String key() {
        return key(sellerId, resourceId);
    }

    /** The record key of a seller's resource; see {@link #key()}. */
    public static String key(Long sellerId, String resourceId) {
        return (sellerId == null ? UNKNOWN_SELLER : sellerId.toString()) + ':' + resourceId;
    }

    /** The CloudEvents id: the identity consumers de-duplicate on (decision 0007). */
    public String eventId() {
        return attributes.id();
    }

    /** How the ingest service checked the notification. */
    public Verification verification() {
        return headers.verification();
    }

    /** The provider's topic as sent ({@code payment}, {@code mp-connect}, {@code orders_v2}, ...). */
    public String providerTopic() {
        return headers.providerTopic();
    }

    /** The notification's action as sent, or {@code null}; a hint like the rest of the body. */
    public String action() {
        return headers.action();
    }

    /** Who sent it, from the CloudEvents type. */
    public NotificationProvider provider() {
        return RawNotifications.providerOf(attributes.type(), headers.providerTopic());
    }

    /**
     * The value parsed, <b>for logs and diagnostics only</b>: it is what the sender wrote, and no effect may be taken
     * from it (fetch the resource instead). Parsed on every call.
     *
     * @throws PoisonRecordException when the value is not one JSON object (never for a record read by
     *         {@link RawNotificationReader}, which checked it)
     */
    public ObjectNode body() {
        try {
            return NotificationBody.parseObject(value);
        } catch (NotificationBody.MalformedBodyException e) {
            throw new PoisonRecordException("the value " + e.getMessage(), e);
        }
    }

    /** The record to publish: topic, key, CloudEvents headers (binary mode) and extension headers, value. */
    public ProducerRecord<String, byte[]> toProducerRecord() {
        RecordHeaders recordHeaders = new RecordHeaders();
        attributes.writeTo(recordHeaders);
        headers.writeTo(recordHeaders);
        return new ProducerRecord<>(topic.topicName(), null, key(), value, recordHeaders);
    }
}
