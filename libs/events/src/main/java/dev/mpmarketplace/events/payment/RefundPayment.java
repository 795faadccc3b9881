package dev.mpmarketplace.events.payment;

import java.math.BigDecimal;

/**
 * Data of a {@link PaymentCommandTypes#REFUND} command: refund an approved payment. Several partial refunds may
 * follow each other, each with its own key, up to the amount.
 *
 * @param idempotencyKey the sender's key (one refund per key)
 * @param paymentId the platform's payment id
 * @param amount how much to refund; everything that remains when absent
 */
public record RefundPayment(String idempotencyKey, String paymentId, BigDecimal amount) {
}
