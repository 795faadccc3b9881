package dev.mpmarketplace.mercadopago.client.point;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v1/orders/{id}/refund}: no transactions refunds the whole rest of the payment; one
 * transaction with an amount refunds that part of it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PointOrderRefundRequest(@JsonProperty("transactions") List<Transaction> transactions) {

    /** The whole rest. */
    public static PointOrderRefundRequest whole() {
        return new PointOrderRefundRequest(null);
    }

    /** @param amount a decimal string */
    public record Transaction(@JsonProperty("id") String id, @JsonProperty("amount") String amount) {
    }
}
