package dev.mpmarketplace.events.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * Data of {@link PaymentEventTypes#REFUNDED}: Mercado Pago lists a refund of the payment that the platform had not
 * seen before (one event per Mercado Pago refund id).
 *
 * @param paymentId the platform's payment id
 * @param mercadopagoPaymentId Mercado Pago's payment id
 * @param sellerId the collector
 * @param refundId Mercado Pago's refund id
 * @param amount the refund's amount
 * @param currencyId ISO 4217
 * @param refundedAt Mercado Pago's time of the refund
 * @param refundIdempotencyKey the key the refund was requested with; absent for a refund made elsewhere
 */
public record PaymentRefunded(String paymentId, long mercadopagoPaymentId, long sellerId, long refundId,
        BigDecimal amount, String currencyId, OffsetDateTime refundedAt, String refundIdempotencyKey) {
}
