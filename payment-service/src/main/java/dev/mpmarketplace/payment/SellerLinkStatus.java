package dev.mpmarketplace.payment;

/** What seller-linking-service last said of a seller's link ({@code sellers.events}). */
public enum SellerLinkStatus {
    /** Linked (or linked again): its token may be used. */
    LINKED,
    /** Its refresh token was refused; the access token works until it expires or Mercado Pago refuses it. */
    REAUTHORIZATION_REQUIRED,
    /** Unlinked: its tokens are destroyed; nothing is called for it until it links again. */
    UNLINKED
}
