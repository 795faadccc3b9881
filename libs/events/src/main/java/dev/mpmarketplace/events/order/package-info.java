/**
 * order-projection-service's public Kafka interface: the events it publishes on {@code orders.events}
 * ({@link dev.mpmarketplace.events.Topic#ORDER_EVENTS}; types in {@link OrderEventTypes}). Field names are snake_case
 * on the wire ({@code MarketplaceJson}); amounts are exact decimals. No event carries a token, a card number or the
 * buyer's contact data (the API, behind its role, has the buyer's name and e-mail).
 */
package dev.mpmarketplace.events.order;
