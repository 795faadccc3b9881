package dev.mpmarketplace.sandbox.mercadopago.oauth;

/** A test user: a seller (collector) or a buyer, with its own production-style access token. */
public final class SandboxUser {
    public long id;
    public String nickname;
    public String email;
    public String password;
    public String role;
    public String siteId = "MLB";
    /** The user's own token, as "Your integrations" shows it; not issued through OAuth. */
    public String accessToken;
    public String publicKey;
}
