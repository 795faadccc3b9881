package dev.mpmarketplace.mercadopago.client.oauth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A successful {@code /oauth/token} answer (reference section 1.3). Refresh answers may omit {@code user_id},
 * {@code public_key} and {@code live_mode} (sdk-java's fixture does), so they are nullable.
 * <p>
 * {@link #toString()} is redacted: a response printed by accident never leaks a token.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OAuthTokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("scope") String scope,
        @JsonProperty("user_id") Long userId,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("public_key") String publicKey,
        @JsonProperty("live_mode") Boolean liveMode) {

    @Override
    public String toString() {
        return "OAuthTokenResponse[user_id=" + userId + ", expires_in=" + expiresIn + ", scope=" + scope
                + ", live_mode=" + liveMode + ", tokens=<redacted>]";
    }
}
