package dev.mpmarketplace.linking;

/** Where a seller stands. */
public enum SellerStatus {
    /** Tokens in Vault, refreshed before expiry. */
    LINKED,
    /** Mercado Pago refused the refresh token: the seller must link again; the access token may work until it expires. */
    REAUTHORIZATION_REQUIRED,
    /** The seller revoked the application or the marketplace unlinked it; the Vault secret is destroyed. */
    UNLINKED
}
