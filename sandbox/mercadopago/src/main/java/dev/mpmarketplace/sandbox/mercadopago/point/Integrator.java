package dev.mpmarketplace.sandbox.mercadopago.point;

import java.time.Instant;

/**
 * The Point integrator behind a token (reference 5A, seed 002): its token, the webhook it registered and whether the
 * webhook passed the challenge ({@code POST .../integrators/check}). There is one per application and user: an OAuth
 * token (a marketplace acting for one of its sellers) reaches that seller's integrator for the application; a user's
 * own token, the user's own (docs/sandbox/point.md, "Whose integrator").
 */
public final class Integrator {
    /**
     * {@code app:<client_id>:user:<user id>} or {@code user:<user id>} ({@code app:<client_id>} in a state written
     * before integrators were per seller: the application's owner's).
     */
    public String key;
    /** The key of the challenge's HMAC, as {@code GET .../integrators} answers it: a UUID made by the sandbox. */
    public String token;
    public String webhook;
    public boolean validWebhook;
    public Instant createdAt;
    public Instant updatedAt;
    /** The user whose integrator it is. */
    public long createdBy;
    /** The last webhook check: when, the URL called, the status answered, why it failed ({@code null}: passed). */
    public Instant lastCheckAt;
    public String lastCheckUrl;
    public Integer lastCheckStatusCode;
    public String lastCheckFailure;
}
