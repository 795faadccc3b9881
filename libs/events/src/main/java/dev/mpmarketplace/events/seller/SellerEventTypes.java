package dev.mpmarketplace.events.seller;

import dev.mpmarketplace.events.EventTypes;

/** The CloudEvents types of the seller lifecycle events, and which record carries each one's data. */
public final class SellerEventTypes {

    /** A seller linked the marketplace's application for the first time; data {@link SellerLinked}. */
    public static final String LINKED = EventTypes.domain("seller", "linked");
    /** A known seller went through linking again; its tokens were replaced; data {@link SellerLinked}. */
    public static final String RELINKED = EventTypes.domain("seller", "relinked");
    /** The seller's tokens were renewed before expiry; data {@link SellerTokensRefreshed}. */
    public static final String REFRESHED = EventTypes.domain("seller", "refreshed");
    /** The refresh token was refused: the seller must link again; data {@link SellerReauthorizationRequired}. */
    public static final String REAUTHORIZATION_REQUIRED = EventTypes.domain("seller", "reauthorization-required");
    /** The seller revoked the application or the marketplace unlinked it; tokens destroyed; data {@link SellerUnlinked}. */
    public static final String UNLINKED = EventTypes.domain("seller", "unlinked");
    /** A linking attempt ended without tokens (the seller denied, the exchange failed); data {@link SellerLinkFailed}. */
    public static final String LINK_FAILED = EventTypes.domain("seller", "link-failed");

    private SellerEventTypes() {
    }
}
