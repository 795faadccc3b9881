package dev.mpmarketplace.mercadopago.client.point;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /point/integration-api/payment-intents/events}: intents that reached a final state in a date range. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentIntentEvents(@JsonProperty("events") List<Event> events) {

    public PaymentIntentEvents {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** One intent's final state. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Event(@JsonProperty("payment_intent_id") String paymentIntentId,
            @JsonProperty("status") String status, @JsonProperty("created_on") String createdOn) {
    }
}
