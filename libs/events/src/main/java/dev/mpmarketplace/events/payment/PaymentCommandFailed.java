package dev.mpmarketplace.events.payment;

import java.util.List;

/**
 * Data of {@link PaymentEventTypes#COMMAND_FAILED}: a command on {@code payments.commands} was not carried out. A
 * command that is not even readable goes to {@code payment-service.dead-letter} instead.
 *
 * @param commandId the command's CloudEvent id
 * @param commandType the command's CloudEvent type
 * @param idempotencyKey the sender's key, when the command had one
 * @param sellerId the seller, when known
 * @param paymentId the platform's payment id, when one was made or named
 * @param reason a stable word, the same as the HTTP API's problem type ({@code seller-not-linked},
 *        {@code invalid-request}, {@code idempotency-key-reused}, {@code payment-not-found},
 *        {@code payment-not-cancellable}, {@code refund-exceeds-amount}, {@code mercadopago-refused}, ...)
 * @param detail what went wrong, for people
 * @param causes Mercado Pago's cause codes when it refused ({@code 4038}, {@code 2034}, ...)
 */
public record PaymentCommandFailed(String commandId, String commandType, String idempotencyKey, Long sellerId,
        String paymentId, String reason, String detail, List<String> causes) {

    public PaymentCommandFailed {
        causes = causes == null ? List.of() : List.copyOf(causes);
    }
}
