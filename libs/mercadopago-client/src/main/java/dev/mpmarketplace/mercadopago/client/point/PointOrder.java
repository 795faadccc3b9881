package dev.mpmarketplace.mercadopago.client.point;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An Orders API order of {@code type: point}, as {@code GET /v1/orders/{id}} answers (the fields a Point service
 * reads).
 *
 * @param status {@code created}, {@code at_terminal}, {@code processed}, {@code failed}, {@code canceled},
 *        {@code expired}, {@code action_required}, {@code refunded}
 * @param statusDetail e.g. {@code rejected_by_issuer}, {@code processing_error}, {@code reversed},
 *        {@code check_on_terminal}, {@code partially_refunded}
 * @param currency ISO 4217
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PointOrder(@JsonProperty("id") String id, @JsonProperty("external_reference") String externalReference,
        @JsonProperty("status") String status, @JsonProperty("status_detail") String statusDetail,
        @JsonProperty("currency") String currency, @JsonProperty("user_id") String userId,
        @JsonProperty("transactions") Transactions transactions) {

    /** The order's one payment transaction, or {@code null}. */
    public Transaction payment() {
        return transactions == null || transactions.payments() == null || transactions.payments().isEmpty()
                ? null
                : transactions.payments().get(0);
    }

    /** The {@code /v1/payments} payment the terminal made, once it did. */
    public Long paymentId() {
        Transaction payment = payment();
        if (payment == null || payment.reference() == null || payment.reference().id() == null) {
            return null;
        }
        try {
            return Long.valueOf(payment.reference().id());
        } catch (NumberFormatException notAPaymentId) {
            return null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Transactions(@JsonProperty("payments") List<Transaction> payments,
            @JsonProperty("refunds") List<Refund> refunds) {
    }

    /** @param reference its {@code id} is the {@code /v1/payments} payment (a numeric string) */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Transaction(@JsonProperty("id") String id, @JsonProperty("amount") String amount,
            @JsonProperty("status") String status, @JsonProperty("status_detail") String statusDetail,
            @JsonProperty("reference") Reference reference) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reference(@JsonProperty("id") String id) {
    }

    /** @param referenceId the {@code /v1/payments} refund */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Refund(@JsonProperty("id") String id, @JsonProperty("transaction_id") String transactionId,
            @JsonProperty("reference_id") String referenceId, @JsonProperty("amount") String amount,
            @JsonProperty("status") String status) {
    }
}
