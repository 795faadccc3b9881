package dev.mpmarketplace.events.seller;

import java.time.OffsetDateTime;

/**
 * Data of {@link SellerEventTypes#LINK_FAILED}: a linking attempt ended without tokens.
 *
 * @param reference the marketplace's own id for the seller who tried
 * @param reason {@code access_denied} (the seller denied) or the token endpoint's {@code error} key
 * @param failedAt when it failed
 */
public record SellerLinkFailed(String reference, String reason, OffsetDateTime failedAt) {
}
