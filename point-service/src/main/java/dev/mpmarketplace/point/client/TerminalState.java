package dev.mpmarketplace.point.client;

import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;

/**
 * What Mercado Pago says an intent (or order) is now, already in point-service's states (the mapping table in
 * docs/services/point-service.md), with the payment looked up where it decides the state.
 *
 * @param kind a payment or a refund
 * @param mercadopagoId the payment or refund intent id, or the order id; null when Mercado Pago did not name it
 * @param state the state it maps to
 * @param detail what Mercado Pago said, for the timeline ({@code FINISHED, payment approved}, {@code failed/reversed})
 * @param paymentId the {@code /v1/payments} payment, once known
 * @param paymentStatus that payment's status when looked up, if it was
 * @param externalReference the external reference it carries (point-service's intent id)
 * @param currency ISO 4217, when the API says it (the Orders API)
 */
public record TerminalState(PointIntentKind kind, String mercadopagoId, PointIntentState state, String detail,
        Long paymentId,
        String paymentStatus, String externalReference, String currency) {
}
