package dev.mpmarketplace.sellertokens;

import java.util.Map;

import dev.mpmarketplace.support.problem.ProblemException;

/**
 * The one answer of every service to a request that needed a seller's tokens while Vault could not be reached (and
 * no token was cached): 503 {@value #SELLER_TOKENS_UNAVAILABLE} with {@code Retry-After}, the seller's id as
 * {@code seller_id}, and a detail that says nothing was done. {@link SellerTokensUnavailableMapper} answers a
 * {@link SellerTokensUnavailableException} with it in every service that has this library; a use case that must
 * refuse for this reason itself (seller-linking-service unlinking while Vault is down) throws {@link #unavailable}.
 * Clients may switch on the reason, so it never changes.
 */
public final class SellerTokensProblems {

    /** The reason word (the problem type's last segment, and the metric tag of the refusal). */
    public static final String SELLER_TOKENS_UNAVAILABLE = "seller-tokens-unavailable";
    /**
     * Seconds a client waits before repeating the request: the Vault dev server and a Vault pod restart within
     * seconds; a longer outage is answered the same way again.
     */
    public static final String RETRY_AFTER_SECONDS = "5";

    private SellerTokensProblems() {
    }

    /**
     * Vault could not be reached for the seller's tokens: nothing was called or stored, so the same request (with the
     * same Idempotency-Key, where the operation takes one) may simply be repeated. The cause's message (which names
     * Vault's address) is never in the detail.
     */
    public static ProblemException unavailable(SellerTokensUnavailableException failure) {
        return new ProblemException(SELLER_TOKENS_UNAVAILABLE, "Seller tokens unavailable", 503,
                "the tokens of seller " + failure.userId() + " cannot be reached in Vault now; nothing was done:"
                        + " repeat the request after the Retry-After delay (with the same Idempotency-Key where the"
                        + " operation takes one)",
                Map.of("seller_id", failure.userId()), Map.of("Retry-After", RETRY_AFTER_SECONDS), failure);
    }
}
