package dev.mpmarketplace.events.seller;

import java.time.OffsetDateTime;

/**
 * Data of {@link SellerEventTypes#REAUTHORIZATION_REQUIRED}: Mercado Pago refused the refresh token
 * ({@code invalid_grant}); the marketplace must send the seller through linking again.
 *
 * @param userId the seller's Mercado Pago user id
 * @param reference the marketplace's own id for the seller
 * @param reason why: {@code invalid_grant} (the current refresh token was refused), {@code refresh_answer_lost} (a
 *        refreshed pair was lost between Mercado Pago's answer and Vault), {@code invalid_response} or
 *        {@code secret_missing}
 * @param detectedAt when the refusal was seen
 * @param tokenExpiresAt when the current access token expires (it may still work until then)
 */
public record SellerReauthorizationRequired(long userId, String reference, String reason, OffsetDateTime detectedAt,
        OffsetDateTime tokenExpiresAt) {
}
