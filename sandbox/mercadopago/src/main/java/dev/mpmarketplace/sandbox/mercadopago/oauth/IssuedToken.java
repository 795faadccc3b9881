package dev.mpmarketplace.sandbox.mercadopago.oauth;

import java.time.Instant;

/** An access token and, for OAuth grants, the refresh token issued with it. */
public final class IssuedToken {
    /** How the token was obtained, which decides what it may do. */
    public enum Kind {
        /** A user's own token: acts as that user, no marketplace fee allowed. */
        OWN,
        /** Issued to an application for a seller through OAuth: acts as the seller for the application. */
        OAUTH,
        /** client_credentials: the application owner's own account. */
        CLIENT_CREDENTIALS
    }

    public String accessToken;
    public String refreshToken;
    public String publicKey;
    public long userId;
    public String clientId;
    public Kind kind;
    public String scope;
    public Instant issuedAt;
    public Instant expiresAt;
    public boolean revoked;
    public boolean refreshTokenUsed;
    /** Refresh grants refused because this token's refresh token had been used already (presented again). */
    public int refreshTokenReuses;
}
