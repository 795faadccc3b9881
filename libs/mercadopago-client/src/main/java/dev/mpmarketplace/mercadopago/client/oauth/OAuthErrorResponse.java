package dev.mpmarketplace.mercadopago.client.oauth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Mercado Pago's classic error envelope as {@code /oauth/token} answers it, e.g.
 * {@code {"message":"Error validating grant. ...","error":"invalid_grant","status":400,"cause":[]}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OAuthErrorResponse(@JsonProperty("message") String message, @JsonProperty("error") String error,
        @JsonProperty("status") Integer status) {
}
