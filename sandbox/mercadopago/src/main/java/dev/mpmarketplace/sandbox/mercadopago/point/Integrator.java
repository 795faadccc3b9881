package dev.mpmarketplace.sandbox.mercadopago.point;

import java.time.Instant;

/**
 * The Point integrator behind a token (reference 5A, seed 002): its token, the webhook it registered and whether the
 * webhook passed the challenge ({@code POST .../integrators/check}). An OAuth token (a marketplace acting for its
 * sellers) shares the integrator of its application; a user's own token has its own (docs/sandbox/point.md).
 */
public final class Integrator {
    /** {@code app:<client_id>} or {@code user:<user id>}. */
    public String key;
    /** The key of the challenge's HMAC, as {@code GET .../integrators} answers it: a UUID made by the sandbox. */
    public String token;
    public String webhook;
    public boolean validWebhook;
    public Instant createdAt;
    public Instant updatedAt;
    /** The user whose token created it (for the application-wide integrator, the first seller that used it). */
    public long createdBy;
    /** The last webhook check: when, the URL called, the status answered, why it failed ({@code null}: passed). */
    public Instant lastCheckAt;
    public String lastCheckUrl;
    public Integer lastCheckStatusCode;
    public String lastCheckFailure;
}
