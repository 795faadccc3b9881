package dev.mpmarketplace.events.seller;

import java.time.OffsetDateTime;

/**
 * Data of {@link SellerEventTypes#UNLINKED}: the seller's tokens are destroyed; nothing may act for the seller any more.
 *
 * @param userId the seller's Mercado Pago user id
 * @param reference the marketplace's own id for the seller
 * @param reason {@code seller_revoked} (an {@code mp-connect application.deauthorized} notification) or
 *        {@code marketplace_unlinked} ({@code DELETE /sellers/{userId}})
 * @param unlinkedAt when the service unlinked the seller
 */
public record SellerUnlinked(long userId, String reference, String reason, OffsetDateTime unlinkedAt) {
}
