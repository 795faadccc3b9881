package dev.mpmarketplace.mercadopago.client.oauth;

import java.time.OffsetDateTime;

/**
 * What {@code /oauth/token} granted for one seller, on its way to Vault. {@link #toString()} is redacted: the tokens
 * never reach a log.
 *
 * @param userId the seller
 * @param accessToken the access token
 * @param refreshToken the single-use refresh token
 * @param publicKey the seller's public key (for card tokenisation in the browser)
 * @param scope the granted scopes
 * @param liveMode production or test credentials
 * @param expiresAt when the access token expires
 */
public record GrantedTokens(long userId, String accessToken, String refreshToken, String publicKey, String scope,
        Boolean liveMode, OffsetDateTime expiresAt) {

    @Override
    public String toString() {
        return "GrantedTokens[user_id=" + userId + ", scope=" + scope + ", live_mode=" + liveMode + ", expires_at="
                + expiresAt + ", tokens=<redacted>]";
    }
}
