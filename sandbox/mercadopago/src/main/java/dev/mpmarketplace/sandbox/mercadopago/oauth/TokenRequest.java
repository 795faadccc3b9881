package dev.mpmarketplace.sandbox.mercadopago.oauth;

/** The fields of {@code POST /oauth/token}, whether they came form-encoded or as JSON. */
public record TokenRequest(String grantType, String clientId, String clientSecret, String code, String redirectUri,
        String codeVerifier, String refreshToken) {
}
