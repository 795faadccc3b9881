package dev.mpmarketplace.events.point;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * Data of {@link PointIntentEventTypes#CREATED}, {@link PointIntentEventTypes#STATE_CHANGED} and
 * {@link PointIntentEventTypes#FINISHED}: the intent as point-service knows it right after the change.
 *
 * @param sellerId the seller's Mercado Pago user id (also {@code ce_subject})
 * @param intentId point-service's id of the intent; sent to Mercado Pago as the external reference (the
 *        Integration API's {@code additional_info.external_reference}, the Orders API's {@code external_reference}),
 *        so the {@code /v1/payments} payment the device makes carries it too
 * @param kind a payment or a refund
 * @param adapter the Mercado Pago API that carries it
 * @param mercadopagoId Mercado Pago's id: the payment or refund intent id (Integration API) or the order id (Orders
 *        API); absent while {@code PENDING}
 * @param deviceId the Point device (terminal) id
 * @param state the state after the change
 * @param previousState the state before it (absent on {@code created})
 * @param amount the amount, exact (15.00, never 1500)
 * @param currency ISO 4217, the seller's site's currency
 * @param paymentId the {@code /v1/payments} payment the device made, once known; for a refund, the payment refunded
 * @param paymentStatus that payment's {@code status} as Mercado Pago answered it when last looked up
 *        ({@code approved}, {@code rejected}, {@code refunded}, ...), once known
 * @param externalReference the marketplace's own reference given when the intent was requested, if any
 * @param refundOf for a refund: the payment intent it refunds (point-service's id)
 * @param changedAt when point-service recorded the change
 */
public record PointIntent(long sellerId, String intentId, PointIntentKind kind, PointAdapter adapter,
        String mercadopagoId, String deviceId, PointIntentState state, PointIntentState previousState,
        BigDecimal amount, String currency, Long paymentId, String paymentStatus, String externalReference,
        String refundOf, OffsetDateTime changedAt) {
}
