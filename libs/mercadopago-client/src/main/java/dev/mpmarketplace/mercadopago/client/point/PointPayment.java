package dev.mpmarketplace.mercadopago.client.point;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A {@code /v1/payments} payment, the fields a Point service reads (reference 2.4).
 *
 * @param status {@code approved}, {@code rejected}, {@code refunded}, {@code in_process}, ...
 * @param externalReference what the intent or order carried: point-service's intent id
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PointPayment(@JsonProperty("id") Long id, @JsonProperty("status") String status,
        @JsonProperty("status_detail") String statusDetail,
        @JsonProperty("transaction_amount") BigDecimal transactionAmount,
        @JsonProperty("currency_id") String currencyId,
        @JsonProperty("external_reference") String externalReference) {

    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String REFUNDED = "refunded";
    public static final String CANCELLED = "cancelled";
    public static final String CHARGED_BACK = "charged_back";
}
