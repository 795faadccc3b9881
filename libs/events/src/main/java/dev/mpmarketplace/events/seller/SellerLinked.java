package dev.mpmarketplace.events.seller;

import java.time.OffsetDateTime;

/**
 * Data of {@link SellerEventTypes#LINKED} and {@link SellerEventTypes#RELINKED}.
 *
 * @param userId the seller's Mercado Pago user id
 * @param reference the marketplace's own id for the seller, as given when the link was started
 * @param liveMode whether the tokens act in production ({@code live_mode} of the grant)
 * @param scope the scopes granted, e.g. {@code offline_access read write}
 * @param linkedAt when the tokens were obtained
 * @param tokenExpiresAt when the access token expires unless refreshed
 */
public record SellerLinked(long userId, String reference, Boolean liveMode, String scope, OffsetDateTime linkedAt,
        OffsetDateTime tokenExpiresAt) {
}
