/**
 * payment-service's public Kafka interface: the commands it consumes on {@code payments.commands}
 * ({@link dev.mpmarketplace.events.Topic#PAYMENT_COMMANDS}; types in {@link PaymentCommandTypes}) and the events it
 * publishes on {@code payments.events} ({@link dev.mpmarketplace.events.Topic#PAYMENT_EVENTS}; types in
 * {@link PaymentEventTypes}). Field names are snake_case on the wire ({@code MarketplaceJson}); amounts are exact
 * decimals. No event carries a token, a card token or a payer's data.
 */
package dev.mpmarketplace.events.payment;
