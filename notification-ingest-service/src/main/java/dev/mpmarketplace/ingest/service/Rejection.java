package dev.mpmarketplace.ingest.service;

import java.util.Locale;

import dev.mpmarketplace.mercadopago.client.webhook.WebhookSignatureVerdict;

/**
 * Why a request was refused: its HTTP status, the problem title, and the {@code reason} tag of
 * {@code ingest_notifications_rejected_total}. Nothing is published for a refused request.
 */
public enum Rejection {
    MISSING_SIGNATURE_HEADER(401, "Missing webhook signature"),
    MALFORMED_SIGNATURE_HEADER(401, "Malformed webhook signature"),
    MISSING_TIMESTAMP(401, "Webhook signature without timestamp"),
    MISSING_HASH(401, "Webhook signature without hash"),
    SIGNATURE_MISMATCH(401, "Invalid webhook signature"),
    TIMESTAMP_OUT_OF_TOLERANCE(401, "Webhook signature outside the time window"),
    /** An IPN notification while {@code ingest.mercadopago.accept-unsigned-ipn} is off. */
    UNSIGNED_IPN_REFUSED(401, "Unsigned IPN notifications are not accepted"),
    /** A Mercado Libre notification for another application, or no application id configured. */
    APPLICATION_ID_MISMATCH(403, "Notification for another application"),
    MALFORMED_JSON(400, "Malformed JSON body"),
    /** A signed notification whose body names another type or resource than its query. */
    BODY_MISMATCH(400, "Body disagrees with the signed query"),
    MISSING_FIELD(400, "Missing notification field"),
    INVALID_FIELD(400, "Invalid notification field"),
    NOT_FOUND(404, "Not found"),
    /** A Point challenge for a seller whose integrator key point-service has not written (not set up for Point). */
    POINT_INTEGRATOR_UNKNOWN(404, "No Point integrator for this seller"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    BAD_REQUEST(400, "Bad request");

    private final int status;
    private final String title;

    Rejection(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The metric tag and problem type suffix, e.g. {@code signature-mismatch}. */
    public String reason() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The rejection whose {@link #reason()} is this word, if any. */
    public static java.util.Optional<Rejection> fromReason(String reason) {
        for (Rejection rejection : values()) {
            if (rejection.reason().equals(reason)) {
                return java.util.Optional.of(rejection);
            }
        }
        return java.util.Optional.empty();
    }

    /** The rejection for a failed signature check. */
    public static Rejection of(WebhookSignatureVerdict verdict) {
        return switch (verdict) {
            case MISSING_SIGNATURE_HEADER -> MISSING_SIGNATURE_HEADER;
            case MALFORMED_SIGNATURE_HEADER -> MALFORMED_SIGNATURE_HEADER;
            case MISSING_TIMESTAMP -> MISSING_TIMESTAMP;
            case MISSING_HASH -> MISSING_HASH;
            case SIGNATURE_MISMATCH -> SIGNATURE_MISMATCH;
            case TIMESTAMP_OUT_OF_TOLERANCE -> TIMESTAMP_OUT_OF_TOLERANCE;
            case VALID -> throw new IllegalArgumentException("a valid signature is no rejection");
        };
    }
}
