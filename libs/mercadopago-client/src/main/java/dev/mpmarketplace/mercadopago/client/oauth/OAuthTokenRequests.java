package dev.mpmarketplace.mercadopago.client.oauth;

import java.util.Objects;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The form bodies of the two grants a marketplace sends to {@code /oauth/token}. {@code client_id} is always sent
 * (sdk-java#404: omitting it fails every connection).
 */
public final class OAuthTokenRequests {

    private OAuthTokenRequests() {
    }

    /**
     * Exchanges an authorization code (valid 10 minutes, single use) for the seller's tokens.
     *
     * @param codeVerifier the PKCE verifier whose S256 challenge was on the authorization URL; {@code null} when the
     *        application does not use PKCE
     */
    public static MultivaluedMap<String, String> authorizationCode(String clientId, String clientSecret, String code,
            String redirectUri, String codeVerifier) {
        MultivaluedMap<String, String> form = client("authorization_code", clientId, clientSecret);
        form.putSingle("code", Objects.requireNonNull(code, "code"));
        form.putSingle("redirect_uri", Objects.requireNonNull(redirectUri, "redirect_uri"));
        if (codeVerifier != null) {
            form.putSingle("code_verifier", codeVerifier);
        }
        return form;
    }

    /** Trades a (single-use) refresh token for a new access token and a new refresh token. */
    public static MultivaluedMap<String, String> refreshToken(String clientId, String clientSecret,
            String refreshToken) {
        MultivaluedMap<String, String> form = client("refresh_token", clientId, clientSecret);
        form.putSingle("refresh_token", Objects.requireNonNull(refreshToken, "refresh_token"));
        return form;
    }

    private static MultivaluedMap<String, String> client(String grantType, String clientId, String clientSecret) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle("grant_type", grantType);
        form.putSingle("client_id", Objects.requireNonNull(clientId, "client_id"));
        form.putSingle("client_secret", Objects.requireNonNull(clientSecret, "client_secret"));
        return form;
    }
}
