package dev.mpmarketplace.events.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * Data of {@link PaymentEventTypes#STATUS_CHANGED}: the payment's status or status detail at Mercado Pago changed.
 * Status words are Mercado Pago's ({@code pending}, {@code in_process}, {@code authorized}, {@code approved},
 * {@code in_mediation}, {@code rejected}, {@code cancelled}, {@code refunded}, {@code charged_back}) or, for
 * {@code old_status} only, the platform's own {@code submitting} and {@code unknown} (a payment whose creation's
 * outcome was not yet known).
 *
 * @param paymentId the platform's payment id
 * @param mercadopagoPaymentId Mercado Pago's payment id
 * @param sellerId the collector's Mercado Pago user id
 * @param idempotencyKey the key the payment was requested with; absent for a payment made elsewhere (checkout)
 * @param externalReference the payment's {@code external_reference} at Mercado Pago
 * @param oldStatus the status before; absent when the platform first hears of the payment
 * @param newStatus the status now
 * @param oldStatusDetail the status detail before, when there was one
 * @param statusDetail the status detail now
 * @param source what told the platform: {@code api_answer}, {@code notification} or {@code sweep}
 * @param transactionAmount the amount
 * @param transactionAmountRefunded refunded so far
 * @param currencyId ISO 4217
 * @param dateLastUpdated Mercado Pago's time of the change
 * @param observedAt when the platform applied it
 * @param version the payment's change number (1, 2, ...), in the order the changes were applied
 */
public record PaymentStatusChanged(String paymentId, Long mercadopagoPaymentId, long sellerId, String idempotencyKey,
        String externalReference, String oldStatus, String newStatus, String oldStatusDetail, String statusDetail,
        String source, BigDecimal transactionAmount, BigDecimal transactionAmountRefunded, String currencyId,
        OffsetDateTime dateLastUpdated, OffsetDateTime observedAt, long version) {
}
