/**
 * A seller's current Mercado Pago access token for the services that act for sellers (payment-service,
 * point-service): {@link dev.mpmarketplace.sellertokens.SellerAccessTokens}. Tokens are read from Vault KV v2 where
 * seller-linking-service keeps them, cached briefly, and dropped from the cache when a seller event says they changed
 * ({@link dev.mpmarketplace.sellertokens.SellerTokenInvalidations}). Nothing here logs a token.
 */
package dev.mpmarketplace.sellertokens;
