package dev.mpmarketplace.orders.fact;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A finished Point payment intent, as point-service states it: what the order model keeps of it. The intent's
 * payment joins the order of the intent's external reference like any payment.
 *
 * @param intentId the payment intent's id
 * @param sellerId the seller whose device took it
 * @param deviceId the Point device
 * @param state the intent's final state ({@code FINISHED}, {@code CANCELED}, {@code ABANDONED}, {@code ERROR})
 * @param amount the amount asked
 * @param currencyId ISO 4217, when known
 * @param mercadopagoPaymentId the payment the intent made, when it made one
 * @param paymentStatus that payment's status ({@code approved}, {@code rejected}, ...), when known
 * @param externalReference the marketplace's reference for the sale, when it gave one
 * @param finishedAt when the intent finished
 */
public record IntentFact(String intentId, long sellerId, String deviceId, String state, BigDecimal amount,
        String currencyId, Long mercadopagoPaymentId, String paymentStatus, String externalReference,
        OffsetDateTime finishedAt) {
}
