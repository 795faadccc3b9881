package dev.mpmarketplace.mercadopago.client.point;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code PATCH /point/integration-api/integrators}: where the integrator's notifications go. */
public record PointWebhookRegistration(@JsonProperty("webhook") String webhook) {
}
