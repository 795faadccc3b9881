package dev.mpmarketplace.events;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What a raw notification record carries besides its {@link CloudEventAttributes}: the checks the ingest service made
 * and the provider's own identifiers, as CloudEvents extension attributes (lower-case alphanumeric names, {@code ce_}
 * prefixed in binary mode), and the record key.
 * <p>
 * Every raw notification topic ({@link Topic.Kind#RAW_NOTIFICATION}) has these headers; consumers read them with
 * {@link #readFrom(Headers)}.
 *
 * @param requestId the {@code x-request-id} the provider sent (Mercado Pago signs it), or {@code null} when none
 * @param verification how the notification was verified: one of the {@code VERIFICATION_*} values
 * @param providerId the provider's own notification id (Mercado Pago's body {@code id}, Mercado Libre's
 *        {@code _id}, the Point intent {@code id}), or {@code null} when the notification has none
 */
public record RawNotificationHeaders(String requestId, String verification, String providerId) {

    /** {@code x-request-id} of the HTTP request that delivered the notification. */
    public static final String HEADER_REQUEST_ID = "ce_requestid";
    /** How the notification was verified; see the {@code VERIFICATION_*} values. */
    public static final String HEADER_VERIFICATION = "ce_verification";
    /** The provider's own notification id. */
    public static final String HEADER_PROVIDER_ID = "ce_providerid";

    /** A Mercado Pago Webhooks notification whose {@code x-signature} matched and was inside the time window. */
    public static final String VERIFICATION_VALID = "valid";
    /**
     * A legacy IPN notification ({@code ?topic=&id=}): Mercado Pago's IPN cannot be signature-validated, so it was
     * accepted unsigned; the consumer must re-fetch the resource (as every consumer does).
     */
    public static final String VERIFICATION_UNSIGNED_IPN = "unsigned-ipn";
    /** A Point integrator webhook notification: unsigned by design; the consumer re-fetches the intent. */
    public static final String VERIFICATION_UNSIGNED_POINT = "unsigned-point";
    /** A Mercado Libre feed notification (unsigned) whose {@code application_id} is the marketplace's. */
    public static final String VERIFICATION_APPLICATION_ID_MATCHED = "application-id-matched";

    /** The seller part of the record key when the notification names no seller (an IPN). */
    public static final String UNKNOWN_SELLER = "unknown";

    public RawNotificationHeaders {
        if (verification == null || verification.isBlank()) {
            throw new IllegalArgumentException("the verification of a raw notification is required");
        }
    }

    /**
     * The record key of a raw notification: {@code <seller user id>:<resource id>}, so every notification about one
     * resource lands in one partition, in order; {@value #UNKNOWN_SELLER} stands for an absent seller.
     */
    public static String recordKey(String sellerId, String resourceId) {
        if (resourceId == null || resourceId.isEmpty()) {
            throw new IllegalArgumentException("a raw notification key needs the resource id");
        }
        return (sellerId == null || sellerId.isEmpty() ? UNKNOWN_SELLER : sellerId) + ":" + resourceId;
    }

    /** Writes the headers, replacing earlier values; absent values are left out. */
    public Headers writeTo(Headers headers) {
        put(headers, HEADER_REQUEST_ID, requestId);
        put(headers, HEADER_VERIFICATION, verification);
        put(headers, HEADER_PROVIDER_ID, providerId);
        return headers;
    }

    /**
     * Reads the headers of a raw notification record.
     *
     * @throws CloudEventAttributes.MalformedCloudEventException when {@value #HEADER_VERIFICATION} is missing
     */
    public static RawNotificationHeaders readFrom(Headers headers) {
        String verification = last(headers, HEADER_VERIFICATION);
        if (verification == null || verification.isBlank()) {
            throw new CloudEventAttributes.MalformedCloudEventException("missing header " + HEADER_VERIFICATION);
        }
        return new RawNotificationHeaders(last(headers, HEADER_REQUEST_ID), verification,
                last(headers, HEADER_PROVIDER_ID));
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
