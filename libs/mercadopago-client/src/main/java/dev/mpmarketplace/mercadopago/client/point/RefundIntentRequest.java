package dev.mpmarketplace.mercadopago.client.point;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /point/integration-api/devices/{id}/refund} (reference 12.a).
 *
 * @param paymentId the Point payment to refund, as a numeric string
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefundIntentRequest(@JsonProperty("payment_id") String paymentId,
        @JsonProperty("additional_info") AdditionalInfo additionalInfo) {

    /** @param printOnTerminal an array here ({@code SELLER_TICKET}, {@code BUYER_TICKET}); a boolean on payment intents */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AdditionalInfo(@JsonProperty("print_on_terminal") List<String> printOnTerminal) {
    }
}
