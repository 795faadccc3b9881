package dev.mpmarketplace.point;

/** Where a seller's Point integrator webhook registration stands ({@code GET /sellers/{id}/point}). */
public enum RegistrationState {
    /** Nothing to register: Point is off, or the seller's intents go through the Orders API (no integrator webhook). */
    NOT_REQUIRED,
    /** To be registered (Point just enabled, or the seller linked again); the next attempt is due. */
    PENDING,
    /** The webhook points at the ingest edge and passed Mercado Pago's challenge. */
    REGISTERED,
    /** The last attempt failed ({@code last_error}); retried with a growing delay ({@code next_attempt_at}). */
    FAILED,
    /** The seller has no tokens (never linked, or unlinked): registered again when seller-linking-service says it linked. */
    SELLER_NOT_LINKED
}
