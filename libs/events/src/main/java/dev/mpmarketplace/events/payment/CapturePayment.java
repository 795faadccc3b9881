package dev.mpmarketplace.events.payment;

import java.math.BigDecimal;

/**
 * Data of a {@link PaymentCommandTypes#CAPTURE} command: capture an authorized payment.
 *
 * @param idempotencyKey the sender's key
 * @param paymentId the platform's payment id
 * @param amount how much to capture (at most the authorized amount); all of it when absent
 */
public record CapturePayment(String idempotencyKey, String paymentId, BigDecimal amount) {
}
