package dev.mpmarketplace.mercadopago.client.point;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /point/integration-api/devices/{id}/payment-intents} (reference 5A).
 *
 * @param amount an integer with two implied decimals ({@link PointAmounts#toCents})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentIntentRequest(@JsonProperty("amount") long amount,
        @JsonProperty("description") String description, @JsonProperty("payment") Payment payment,
        @JsonProperty("additional_info") AdditionalInfo additionalInfo) {

    /**
     * @param type {@code credit_card}, {@code debit_card} or {@code voucher_card}
     * @param installmentsCost {@code seller} or {@code buyer}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Payment(@JsonProperty("installments") Integer installments, @JsonProperty("type") String type,
            @JsonProperty("installments_cost") String installmentsCost) {
    }

    /**
     * @param externalReference at most 64 characters; the {@code /v1/payments} payment carries it too
     * @param printOnTerminal a boolean here (an array on refund intents)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AdditionalInfo(@JsonProperty("external_reference") String externalReference,
            @JsonProperty("print_on_terminal") Boolean printOnTerminal,
            @JsonProperty("ticket_number") String ticketNumber) {
    }
}
