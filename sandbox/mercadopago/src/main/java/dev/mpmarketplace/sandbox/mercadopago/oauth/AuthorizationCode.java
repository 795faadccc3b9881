package dev.mpmarketplace.sandbox.mercadopago.oauth;

import java.time.Instant;

/** A single-use, 10-minute authorization code from the consent page. */
public final class AuthorizationCode {
    public String code;
    public String clientId;
    public long userId;
    public String redirectUri;
    public String codeChallenge;
    public String codeChallengeMethod;
    public Instant expiresAt;
    public boolean used;
}
