package dev.mpmarketplace.events.payment;

/**
 * Data of a {@link PaymentCommandTypes#CANCEL} command: cancel a pending, in-process or authorized payment.
 *
 * @param idempotencyKey the sender's key
 * @param paymentId the platform's payment id
 */
public record CancelPayment(String idempotencyKey, String paymentId) {
}
