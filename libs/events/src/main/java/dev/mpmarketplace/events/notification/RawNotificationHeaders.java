package dev.mpmarketplace.events.notification;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What a raw notification record carries besides its CloudEvents context attributes: the check the ingest service
 * made and the provider's own names for the notification, as CloudEvents extension attributes (lower-case
 * alphanumeric names, {@code ce_} prefixed in binary mode).
 * <p>
 * Only the check ({@link #verification()}) is the ingest service's own statement. The rest is what the provider sent,
 * for routing, logs and support: the request id of a signed Mercado Pago webhook is signed; the provider id, the
 * provider topic (except that it decided the Kafka topic) and the action are the sender's word, and no consumer takes
 * an effect from them.
 *
 * @param requestId the {@code x-request-id} of the HTTP request that delivered the notification, or {@code null}
 * @param verification how the notification was checked
 * @param providerId the provider's own notification id (Mercado Pago's body {@code id}, Mercado Libre's {@code _id},
 *        the Point intent {@code id}), or {@code null} when the notification has none or is unsigned IPN; a
 *        diagnostic, never an identity (it is not signed: {@code ce_id} is the identity)
 * @param providerTopic the provider's topic as sent ({@code payment}, {@code mp-connect},
 *        {@code topic_merchant_order_wh}, {@code orders_v2}, {@code point_integrator} for the raw Point intent), which
 *        decided the Kafka topic; letters, digits, {@code _ . -}
 * @param action the notification's {@code action} ({@code payment.created}, {@code application.deauthorized}), or
 *        {@code null} when it has none
 */
public record RawNotificationHeaders(String requestId, Verification verification, String providerId,
        String providerTopic, String action) {

    /** {@code x-request-id} of the HTTP request that delivered the notification. */
    public static final String HEADER_REQUEST_ID = "ce_requestid";
    /** How the notification was checked, see {@link Verification}. */
    public static final String HEADER_VERIFICATION = "ce_verification";
    /** The provider's own notification id. */
    public static final String HEADER_PROVIDER_ID = "ce_providerid";
    /** The provider's topic name as sent. */
    public static final String HEADER_PROVIDER_TOPIC = "ce_providertopic";
    /** The notification's action. */
    public static final String HEADER_ACTION = "ce_action";

    public RawNotificationHeaders {
        Objects.requireNonNull(verification, "verification");
        if (providerTopic == null || providerTopic.isBlank()) {
            throw new IllegalArgumentException("the provider topic of a raw notification is required");
        }
    }

    /** Writes the headers, replacing earlier values; absent values are left out. */
    public Headers writeTo(Headers headers) {
        put(headers, HEADER_REQUEST_ID, requestId);
        put(headers, HEADER_VERIFICATION, verification.label());
        put(headers, HEADER_PROVIDER_ID, providerId);
        put(headers, HEADER_PROVIDER_TOPIC, providerTopic);
        put(headers, HEADER_ACTION, action);
        return headers;
    }

    /**
     * Reads the headers of a raw notification record.
     *
     * @throws PoisonRecordException when {@value #HEADER_VERIFICATION} is missing or unknown, or
     *         {@value #HEADER_PROVIDER_TOPIC} is missing
     */
    public static RawNotificationHeaders readFrom(Headers headers) {
        String verification = last(headers, HEADER_VERIFICATION);
        if (verification == null) {
            throw new PoisonRecordException("missing header " + HEADER_VERIFICATION);
        }
        try {
            return new RawNotificationHeaders(last(headers, HEADER_REQUEST_ID), Verification.ofLabel(verification),
                    last(headers, HEADER_PROVIDER_ID), last(headers, HEADER_PROVIDER_TOPIC),
                    last(headers, HEADER_ACTION));
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException("invalid raw notification headers: " + e.getMessage(), e);
        }
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String last(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
