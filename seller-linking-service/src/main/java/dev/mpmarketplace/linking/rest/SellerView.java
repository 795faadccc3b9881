package dev.mpmarketplace.linking.rest;

import java.time.OffsetDateTime;

import dev.mpmarketplace.linking.Seller;
import dev.mpmarketplace.linking.SellerStatus;

/** A seller as the marketplace's backends see it; never a token. */
public record SellerView(long userId, String reference, SellerStatus status, Boolean liveMode, String scope,
        OffsetDateTime linkedAt, OffsetDateTime tokenExpiresAt, OffsetDateTime lastRefreshAt,
        OffsetDateTime unlinkedAt, String lastRefreshError) {

    static SellerView of(Seller seller) {
        return new SellerView(seller.userId, seller.reference, seller.status, seller.liveMode, seller.scope,
                seller.linkedAt, seller.tokenExpiresAt, seller.lastRefreshAt, seller.unlinkedAt,
                seller.lastRefreshError);
    }
}
