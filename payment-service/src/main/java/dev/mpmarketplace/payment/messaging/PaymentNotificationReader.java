package dev.mpmarketplace.payment.messaging;

import java.io.IOException;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.RawNotificationHeaders;

/**
 * Reads a raw payment notification record (published by notification-ingest-service: a binary CloudEvent whose value
 * is Mercado Pago's body as received). The one place this service reads such a record; it gives way to
 * libs/events' raw-notification reader when that lands.
 * <p>
 * What it takes is only whom to ask about what, as decision 0007 says a consumer learns it: the record key
 * {@code <seller>:<payment id>} ({@code unknown} for no seller) and the CloudEvent subject; the body's
 * {@code type}/{@code topic} must say {@code payment} (ingest routes by it), and only a key that names no payment
 * falls back to the body's {@code data.id} (a legacy IPN's {@code id} or {@code resource}).
 */
final class PaymentNotificationReader {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    private PaymentNotificationReader() {
    }

    /**
     * One payment notification.
     *
     * @param eventId the CloudEvent id (the notification's identity; duplicates share it)
     * @param sellerId the seller it names, or {@code null}
     * @param paymentId the Mercado Pago payment id it names
     * @param action {@code payment.created}, {@code payment.updated}, or {@code null}
     */
    record PaymentNotification(String eventId, Long sellerId, long paymentId, String action) {
    }

    /** A record that can never be processed: it goes to the dead-letter topic. */
    static final class PoisonRecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PoisonRecordException(String message) {
            super(message);
        }
    }

    static PaymentNotification read(ConsumerRecord<String, byte[]> record) {
        CloudEventAttributes attributes;
        JsonNode body;
        try {
            attributes = CloudEventAttributes.readFrom(record.headers());
            RawNotificationHeaders.readFrom(record.headers());
            body = JSON.readTree(record.value() == null ? new byte[0] : record.value());
        } catch (CloudEventAttributes.MalformedCloudEventException | IOException e) {
            throw new PoisonRecordException(e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new PoisonRecordException("the value is not a JSON object");
        }
        String type = body.path("type").asText(body.path("topic").asText(""));
        if (!"payment".equals(type)) {
            throw new PoisonRecordException("not a payment notification");
        }
        String key = record.key() == null ? "" : record.key();
        int colon = key.lastIndexOf(':');
        Long paymentId = colon < 0 ? null : number(JSON.getNodeFactory().textNode(key.substring(colon + 1)));
        if (paymentId == null) {
            paymentId = number(body.path("data").path("id"));
        }
        if (paymentId == null) {
            String resource = body.path("resource").asText("");
            paymentId = number(body.path(resource.isEmpty() ? "id" : "resource"));
            if (paymentId == null && resource.contains("/")) {
                paymentId = number(JSON.getNodeFactory().textNode(resource.substring(resource.lastIndexOf('/') + 1)));
            }
        }
        if (paymentId == null) {
            throw new PoisonRecordException("the notification names no payment");
        }
        Long sellerId = attributes.subject() == null
                ? null
                : number(JSON.getNodeFactory().textNode(attributes.subject()));
        if (sellerId == null && colon > 0) {
            sellerId = number(JSON.getNodeFactory().textNode(key.substring(0, colon)));
        }
        return new PaymentNotification(attributes.id(), sellerId, paymentId, body.path("action").asText(null));
    }

    private static Long number(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong() > 0 ? node.asLong() : null;
        }
        String text = node.asText();
        return text.matches("[1-9]\\d{0,17}") ? Long.valueOf(text) : null;
    }
}
