/**
 * Mercado Libre's API ({@code https://api.mercadolibre.com}, {@code mercadolibre.base-url}): a seller's orders
 * ({@link MercadoLibreOrders}, with the seller's token) and the notifications Mercado Libre gave up delivering
 * ({@link MercadoLibreMissedFeeds}, with the application's own token). REST client config key {@code mercadolibre}.
 */
package dev.mpmarketplace.mercadopago.client.mercadolibre;
