package dev.mpmarketplace.mercadopago.client.point;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A seller's Point integrator ({@code GET /point/integration-api/integrators}).
 *
 * @param token the key of the webhook challenge's HMAC: a secret, kept only in Vault, never logged
 * @param webhook the registered webhook, {@code ""} when none
 * @param validWebhook whether the webhook passed the challenge
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PointIntegrator(@JsonProperty("token") String token, @JsonProperty("webhook") String webhook,
        @JsonProperty("is_valid_webhook") boolean validWebhook) {

    @Override
    public String toString() {
        return "PointIntegrator[token=<redacted>, webhook=" + webhook + ", validWebhook=" + validWebhook + "]";
    }
}
