package dev.mpmarketplace.mercadopago.client.webhook;

import java.util.Locale;

/**
 * The outcome of checking a webhook's {@code x-signature}. The names are those of the error codes of the official
 * SDKs' {@code WebhookSignatureValidator}s (reference section 6.2), so logs and metrics read the same as their
 * documentation.
 */
public enum WebhookSignatureVerdict {

    /** The signature matches one of the accepted secrets and its timestamp is inside the tolerance window. */
    VALID,
    /** No {@code x-signature} header, or an empty one. */
    MISSING_SIGNATURE_HEADER,
    /** The header is not a list of {@code key=value} parts, or its {@code ts} is not a number. */
    MALFORMED_SIGNATURE_HEADER,
    /** The header has no {@code ts} part. */
    MISSING_TIMESTAMP,
    /** The header has no {@code v1} part. */
    MISSING_HASH,
    /** {@code v1} is not the HMAC of the manifest under any accepted secret: forged, tampered, or the wrong secret. */
    SIGNATURE_MISMATCH,
    /**
     * The signature is genuine but {@code ts} is further from now than the tolerance window: a replay, or a clock
     * far off.
     */
    TIMESTAMP_OUT_OF_TOLERANCE;

    /** Whether the notification may be trusted. */
    public boolean isValid() {
        return this == VALID;
    }

    /** The verdict as a metric tag or header value: lower case with dashes, e.g. {@code signature-mismatch}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
