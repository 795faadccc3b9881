package dev.mpmarketplace.events.seller;

import java.time.OffsetDateTime;

/**
 * Data of {@link SellerEventTypes#REFRESHED}: holders of a cached access token should read it again.
 *
 * @param userId the seller's Mercado Pago user id
 * @param refreshedAt when the new tokens were obtained
 * @param tokenExpiresAt when the new access token expires
 * @param secretVersion the Vault KV v2 version that holds the new tokens
 */
public record SellerTokensRefreshed(long userId, OffsetDateTime refreshedAt, OffsetDateTime tokenExpiresAt,
        int secretVersion) {
}
