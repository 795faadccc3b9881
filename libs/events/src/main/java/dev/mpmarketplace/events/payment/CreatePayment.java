package dev.mpmarketplace.events.payment;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A payment to create for a seller: the body of {@code POST /payments} and the data of a
 * {@link PaymentCommandTypes#CREATE} command. The fields are Mercado Pago's own ({@code POST /v1/payments}, seed 000),
 * passed on as given, plus the seller and the currency. {@code external_reference} and {@code notification_url} are
 * not accepted: the platform sets the first to its own payment id and receives notifications through the
 * application's webhook.
 *
 * @param idempotencyKey the sender's key (commands only; over HTTP it is the {@code Idempotency-Key} header)
 * @param sellerId the Mercado Pago user id of a linked seller, who collects the payment
 * @param currencyId ISO 4217 currency of the amounts (the seller's site's: BRL, ARS, MXN, ...)
 * @param transactionAmount the amount, exact
 * @param token the card token (single use), made with the seller's public key
 * @param description what is paid for
 * @param installments number of installments, 1 when absent
 * @param paymentMethodId e.g. {@code visa}, {@code master}; inferred from the token when absent
 * @param issuerId the card issuer, when known
 * @param payer Mercado Pago's payer object ({@code email}, {@code identification}, {@code type}, {@code id}, ...);
 *        {@code type=customer} with {@code id} pays with a saved card
 * @param applicationFee the marketplace's fee, exact, at most the amount
 * @param statementDescriptor what the buyer's card statement shows
 * @param metadata the marketplace's own data (an object), stored by Mercado Pago with the payment
 * @param capture {@code false} only authorizes (capture later); default {@code true}
 * @param binaryMode {@code true}: approved or rejected at once, never pending
 * @param additionalInfo Mercado Pago's {@code additional_info} object (items, payer, shipments)
 */
public record CreatePayment(String idempotencyKey, Long sellerId, String currencyId, BigDecimal transactionAmount,
        String token, String description, Integer installments, String paymentMethodId, String issuerId,
        JsonNode payer, BigDecimal applicationFee, String statementDescriptor, JsonNode metadata, Boolean capture,
        Boolean binaryMode, JsonNode additionalInfo) {

    /** The same request without the sender's key (what the key protects). */
    public CreatePayment withoutIdempotencyKey() {
        return new CreatePayment(null, sellerId, currencyId, transactionAmount, token, description, installments,
                paymentMethodId, issuerId, payer, applicationFee, statementDescriptor, metadata, capture, binaryMode,
                additionalInfo);
    }

    @Override
    public String toString() {
        // The card token and the payer never reach a log line.
        return "CreatePayment[seller_id=" + sellerId + ", transaction_amount=" + transactionAmount + " "
                + currencyId + "]";
    }
}
