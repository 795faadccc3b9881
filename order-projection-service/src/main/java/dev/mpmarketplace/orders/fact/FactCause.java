package dev.mpmarketplace.orders.fact;

/**
 * What made the service learn a fact.
 *
 * @param kind how it came
 * @param eventId the CloudEvents id of the record behind it: the raw notification's (for a missed feed message, the id
 *        notification-ingest-service would have given it), the payment or intent event's; {@code null} for a re-read
 * @param topic the provider's topic of a notification ({@code orders_v2}, {@code created_orders}), or the event's
 *        type; {@code null} when none
 */
public record FactCause(CauseKind kind, String eventId, String topic) {
}
