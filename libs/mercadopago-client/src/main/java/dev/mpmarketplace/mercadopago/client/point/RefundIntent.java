package dev.mpmarketplace.mercadopago.client.point;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A refund intent ({@code GET /point/integration-api/refund/{id}}; the create answer has no {@code state}).
 *
 * @param state {@code OPEN}, {@code ON_TERMINAL}, {@code PROCESSING}, {@code FINISHED}, {@code CANCELED},
 *        {@code ERROR}, {@code ABANDONED}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RefundIntent(@JsonProperty("id") String id, @JsonProperty("payment_id") Long paymentId,
        @JsonProperty("device_id") String deviceId, @JsonProperty("state") String state) {
}
