package dev.mpmarketplace.sandbox.mercadopago.oauth;

/**
 * Who a request acts as: the user whose resources it reads and writes, and the application it acts through
 * ({@code null} for a user's own token).
 *
 * @param userId the acting user (a seller for OAuth tokens)
 * @param clientId the application the token was issued to, or {@code null}
 * @param kind how the token was obtained
 */
public record Principal(long userId, String clientId, IssuedToken.Kind kind) {

    /** Whether the request acts for a seller on behalf of a marketplace application (marketplace fees allowed). */
    public boolean actsForSellerThroughOAuth() {
        return kind == IssuedToken.Kind.OAUTH;
    }
}
