package dev.mpmarketplace.payment;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A Checkout Pro preference the platform created for a seller (table {@code preference}).
 *
 * @param id ours: the {@code external_reference} and {@code X-Idempotency-Key} of the create call
 * @param sellerId the collector
 * @param idempotencyKey the caller's key
 * @param requestFingerprint the request's fingerprint
 * @param state where its creation stands
 * @param submission the create request as sent, while Mercado Pago's answer is not known
 * @param mercadoPagoPreferenceId Mercado Pago's id, once known
 * @param initPoint the checkout page, once known
 * @param sandboxInitPoint the test checkout page, once known
 * @param mercadoPagoLastUpdated the date of the answer kept
 * @param providerPreference Mercado Pago's last answer, raw
 * @param refusal the refusal of the create (a problem as JSON)
 * @param createdAt when the platform stored it
 * @param updatedAt when the platform last changed it
 */
public record Preference(UUID id, long sellerId, String idempotencyKey, String requestFingerprint, State state,
        String submission, String mercadoPagoPreferenceId, String initPoint, String sandboxInitPoint,
        OffsetDateTime mercadoPagoLastUpdated, String providerPreference, String refusal, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** Where a preference's creation stands. */
    public enum State {
        /** Stored, Mercado Pago being called. */
        SUBMITTING,
        /** The call's outcome is not known: a repeat of the request asks Mercado Pago. */
        UNKNOWN,
        /** Mercado Pago made it. */
        CREATED,
        /** Mercado Pago refused it. */
        REFUSED;

        /** The word stored and answered. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static State ofWord(String word) {
            return valueOf(word.toUpperCase(java.util.Locale.ROOT));
        }
    }

    @Override
    public String toString() {
        // The submission and the answer name the payer: never in a log line.
        return "Preference[id=" + id + ", seller_id=" + sellerId + ", state=" + state + "]";
    }
}
