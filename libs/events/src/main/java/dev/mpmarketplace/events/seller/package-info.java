/**
 * The data of the seller lifecycle events seller-linking-service publishes on {@code sellers.events}
 * ({@link dev.mpmarketplace.events.Topic#SELLER_EVENTS}); the CloudEvents type of each is in {@link SellerEventTypes}.
 * None of them ever carries a token: consumers that need one read it from Vault (libs/seller-tokens).
 */
package dev.mpmarketplace.events.seller;
