package dev.mpmarketplace.mercadopago.client.point;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A payment intent as {@code GET /point/integration-api/payment-intents/{id}} answers (the create answer has no
 * {@code state}).
 *
 * @param amount an integer with two implied decimals
 * @param state {@code OPEN}, {@code ON_TERMINAL}, {@code PROCESSING}, {@code PROCESSED}, {@code FINISHED},
 *        {@code CANCELED}, {@code ERROR}, {@code ABANDONED}, {@code CONFIRMATION_REQUIRED}; {@code null} on creation
 * @param payment the payment the device made, once it did
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentIntent(@JsonProperty("id") String id, @JsonProperty("device_id") String deviceId,
        @JsonProperty("amount") Long amount, @JsonProperty("state") String state,
        @JsonProperty("payment") Payment payment,
        @JsonProperty("additional_info") PaymentIntentRequest.AdditionalInfo additionalInfo) {

    /** The {@code /v1/payments} payment's id, once the device made it. */
    public Long paymentId() {
        return payment == null ? null : payment.id();
    }

    /** The intent's external reference ({@code additional_info.external_reference}), if any. */
    public String externalReference() {
        return additionalInfo == null ? null : additionalInfo.externalReference();
    }

    /**
     * @param id a number in webhooks, a numeric string in some GET examples: read as either
     * @param state the payment's status ({@code ""} on {@code CONFIRMATION_REQUIRED})
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payment(@JsonProperty("id") Long id, @JsonProperty("state") String state,
            @JsonProperty("type") String type) {
    }
}
