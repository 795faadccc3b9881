/**
 * Sellers' Mercado Pago tokens in Vault: {@link dev.mpmarketplace.sellertokens.SellerSecrets}, the one definition of
 * where and how they live (written only by seller-linking-service), and
 * {@link dev.mpmarketplace.sellertokens.SellerAccessTokens}, a seller's current access token for the services that
 * act for sellers (payment-service, point-service), cached briefly and dropped from the cache when a seller event
 * says it changed ({@link dev.mpmarketplace.sellertokens.SellerTokenInvalidations}). Vault unreachable is
 * {@link dev.mpmarketplace.sellertokens.SellerTokensUnavailableException}, answered the same in every service (503
 * {@code seller-tokens-unavailable}: {@link dev.mpmarketplace.sellertokens.SellerTokensUnavailableMapper}). Nothing here
 * logs a token.
 */
package dev.mpmarketplace.sellertokens;
