package dev.mpmarketplace.sandbox.mercadopago.oauth;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Applications, users, tokens and codes. Guarded by the sandbox state's lock. */
public final class OAuthState {
    public Map<String, Application> applications = new LinkedHashMap<>();
    public Map<Long, SandboxUser> users = new LinkedHashMap<>();
    /** Every access token ever issued, by token. */
    public Map<String, IssuedToken> tokens = new HashMap<>();
    /** Access token by refresh token. */
    public Map<String, String> refreshTokens = new HashMap<>();
    public Map<String, AuthorizationCode> codes = new HashMap<>();
    public long nextUserId = 1_000_001;
}
