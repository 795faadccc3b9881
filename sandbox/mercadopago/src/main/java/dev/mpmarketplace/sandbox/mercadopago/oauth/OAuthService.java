package dev.mpmarketplace.sandbox.mercadopago.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.point.PointService;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.Notification;

/**
 * The OAuth rules of Mercado Pago, written from the reference (section 1) and independent of any client: 10-minute
 * single-use codes bound to client and redirect URI, PKCE (S256 and plain), 180-day access tokens, single-use
 * rotating refresh tokens, client_credentials, and revocation by the seller. Every method runs under the state lock.
 */
public final class OAuthService {

    /** Access tokens (OAuth and own) live 180 days: {@code expires_in} 15552000. */
    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofDays(180);
    /** client_credentials tokens: 6 hours (UNCONFIRMED in the reference; commonly reported). */
    public static final Duration CLIENT_CREDENTIALS_LIFETIME = Duration.ofHours(6);
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    public static final String SCOPE = "offline_access read write";

    private static final DateTimeFormatter TOKEN_DATE = DateTimeFormatter.ofPattern("MMddHH").withZone(ZoneOffset.UTC);

    private final SandboxContext context;

    public OAuthService(SandboxContext context) {
        this.context = context;
    }

    /** Creates a test user with its own token and public key. */
    public SandboxUser createUser(SandboxState state, String role, String nickname, String email, String siteId) {
        SandboxUser user = new SandboxUser();
        user.id = state.oauth.nextUserId++;
        user.role = role;
        user.nickname = nickname != null ? nickname : "TEST" + user.id;
        user.email = email != null ? email : "test_user_" + user.id + "@testuser.com";
        user.password = "qatest" + context.randomDigits(4);
        user.siteId = siteId != null ? siteId : "MLB";
        IssuedToken own = issue(state, user.id, null, IssuedToken.Kind.OWN, ACCESS_TOKEN_LIFETIME, false);
        user.accessToken = own.accessToken;
        user.publicKey = own.publicKey;
        state.oauth.users.put(user.id, user);
        if ("seller".equals(role)) {
            PointService.equipSeller(state, user, context);
        }
        return user;
    }

    /** Registers an application owned by a user. */
    public Application createApplication(SandboxState state, String name, long ownerUserId, List<String> redirectUris,
            String webhookUrl, boolean pkceRequired) {
        Application app = new Application();
        app.clientId = context.randomDigits(16);
        app.clientSecret = context.randomAlphanumeric(32);
        app.webhookSecret = context.randomHex(64);
        app.name = name != null ? name : "Application " + app.clientId;
        app.ownerUserId = ownerUserId;
        app.redirectUris = new ArrayList<>(redirectUris);
        app.webhookUrl = webhookUrl;
        app.pkceRequired = pkceRequired;
        state.oauth.applications.put(app.clientId, app);
        PointService.registerApplication(state, app.clientId, ownerUserId, context.clock().instant());
        return app;
    }

    /**
     * Checks an authorization request as the consent page does before showing it.
     *
     * @throws ApiError {@code invalid_client} / {@code invalid_request} with a reason fit for the error page
     */
    public Application checkAuthorizationRequest(SandboxState state, String clientId, String responseType,
            String redirectUri, String codeChallenge, String codeChallengeMethod) {
        Application app = clientId == null ? null : state.oauth.applications.get(clientId);
        if (app == null) {
            throw ApiError.keyed("invalid_client", "unknown client_id");
        }
        if (!"code".equals(responseType)) {
            throw ApiError.keyed("unsupported_response_type", "response_type must be code");
        }
        if (redirectUri == null || !app.redirectUris.contains(redirectUri)) {
            throw ApiError.keyed("invalid_request", "redirect_uri does not match the application's Redirect URL");
        }
        if (codeChallenge != null || app.pkceRequired) {
            if (codeChallenge == null || codeChallenge.isBlank()) {
                throw ApiError.keyed("invalid_request", "this application requires PKCE: code_challenge is missing");
            }
            String method = codeChallengeMethod == null ? "plain" : codeChallengeMethod;
            if (!method.equals("S256") && !method.equals("plain")) {
                throw ApiError.keyed("invalid_request", "code_challenge_method must be S256 or plain");
            }
        }
        return app;
    }

    /**
     * A seller approved: issues a code and tells the application through an {@code mp-connect}
     * {@code application.authorized} webhook.
     */
    public AuthorizationCode approve(SandboxState state, Application app, long userId, String redirectUri,
            String codeChallenge, String codeChallengeMethod) {
        SandboxUser user = state.oauth.users.get(userId);
        if (user == null) {
            throw ApiError.keyed("invalid_request", "unknown user_id");
        }
        AuthorizationCode code = new AuthorizationCode();
        code.code = "TG-" + context.randomHex(24) + "-" + userId;
        code.clientId = app.clientId;
        code.userId = userId;
        code.redirectUri = redirectUri;
        code.codeChallenge = codeChallenge == null || codeChallenge.isBlank() ? null : codeChallenge;
        code.codeChallengeMethod = code.codeChallenge == null
                ? null
                : codeChallengeMethod == null ? "plain" : codeChallengeMethod;
        code.expiresAt = context.clock().instant().plus(CODE_LIFETIME);
        state.oauth.codes.put(code.code, code);
        context.notifier().notify(new Notification("mp-connect", "application.authorized", Long.toString(userId),
                userId, app.clientId, null));
        return code;
    }

    /** The seller revokes the application: every token it holds for the seller dies, and the application is told. */
    public int revoke(SandboxState state, Application app, long userId) {
        int revoked = 0;
        for (IssuedToken token : state.oauth.tokens.values()) {
            if (token.userId == userId && app.clientId.equals(token.clientId) && !token.revoked
                    && token.kind == IssuedToken.Kind.OAUTH) {
                token.revoked = true;
                revoked++;
            }
        }
        context.notifier().notify(new Notification("mp-connect", "application.deauthorized", Long.toString(userId),
                userId, app.clientId, null));
        return revoked;
    }

    /** {@code POST /oauth/token} with the request's fields (form or JSON alike). */
    public IssuedToken grant(SandboxState state, TokenRequest request) {
        String grantType = request.grantType();
        if (grantType == null || grantType.isBlank()) {
            throw ApiError.keyed("invalid_request", "grant_type is required");
        }
        return switch (grantType) {
            case "authorization_code" -> authorizationCode(state, request);
            case "refresh_token" -> refreshToken(state, request);
            case "client_credentials" -> clientCredentials(state, request);
            default -> throw ApiError.keyed("unsupported_grant_type", "unsupported grant_type: " + grantType);
        };
    }

    private IssuedToken authorizationCode(SandboxState state, TokenRequest request) {
        Application app = authenticateClient(state, request);
        if (request.code() == null) {
            throw ApiError.keyed("invalid_request", "code is required");
        }
        AuthorizationCode code = state.oauth.codes.get(request.code());
        Instant now = context.clock().instant();
        if (code == null || code.used || !now.isBefore(code.expiresAt) || !code.clientId.equals(app.clientId)) {
            throw invalidGrant();
        }
        // A code is burnt by any exchange attempt that names it, as OAuth 2.0 recommends.
        code.used = true;
        if (request.redirectUri() == null || !request.redirectUri().equals(code.redirectUri)) {
            throw invalidGrant();
        }
        if (code.codeChallenge != null && !pkceMatches(code, request.codeVerifier())) {
            throw ApiError.keyed("invalid_grant", "code_verifier does not match the code_challenge");
        }
        return issue(state, code.userId, app.clientId, IssuedToken.Kind.OAUTH, ACCESS_TOKEN_LIFETIME, true);
    }

    private IssuedToken refreshToken(SandboxState state, TokenRequest request) {
        Application app = authenticateClient(state, request);
        String presented = request.refreshToken();
        if (presented == null) {
            throw ApiError.keyed("invalid_request", "refresh_token is required");
        }
        String accessToken = state.oauth.refreshTokens.get(presented);
        IssuedToken previous = accessToken == null ? null : state.oauth.tokens.get(accessToken);
        if (previous != null && previous.refreshTokenUsed && app.clientId.equals(previous.clientId)) {
            // Refused below; counted, so that a test can tell a refresh token presented twice (GET /sandbox/grants).
            previous.refreshTokenReuses++;
        }
        if (previous == null || previous.refreshTokenUsed || previous.revoked
                || !app.clientId.equals(previous.clientId)) {
            throw invalidGrant();
        }
        previous.refreshTokenUsed = true;
        return issue(state, previous.userId, app.clientId, IssuedToken.Kind.OAUTH, ACCESS_TOKEN_LIFETIME, true);
    }

    private IssuedToken clientCredentials(SandboxState state, TokenRequest request) {
        Application app = authenticateClient(state, request);
        return issue(state, app.ownerUserId, app.clientId, IssuedToken.Kind.CLIENT_CREDENTIALS,
                CLIENT_CREDENTIALS_LIFETIME, false);
    }

    /**
     * The client is its {@code client_id} and {@code client_secret}; the legacy form sends an access token of the
     * application's owner as {@code client_secret} without {@code client_id}, which is accepted too.
     */
    private Application authenticateClient(SandboxState state, TokenRequest request) {
        String secret = request.clientSecret();
        if (secret == null || secret.isBlank()) {
            throw ApiError.keyed("invalid_client", "client_secret is required");
        }
        if (request.clientId() == null) {
            IssuedToken legacy = state.oauth.tokens.get(secret);
            if (legacy != null && !legacy.revoked && legacy.kind == IssuedToken.Kind.OWN) {
                for (Application app : state.oauth.applications.values()) {
                    if (app.ownerUserId == legacy.userId) {
                        return app;
                    }
                }
            }
            throw ApiError.keyed("invalid_client", "invalid client_id or client_secret");
        }
        Application app = state.oauth.applications.get(request.clientId());
        if (app == null || !MessageDigest.isEqual(app.clientSecret.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.keyed("invalid_client", "invalid client_id or client_secret");
        }
        return app;
    }

    private static boolean pkceMatches(AuthorizationCode code, String verifier) {
        if (verifier == null || verifier.length() < 43 || verifier.length() > 128) {
            return false;
        }
        String expected = "S256".equals(code.codeChallengeMethod) ? s256(verifier) : verifier;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                code.codeChallenge.getBytes(StandardCharsets.US_ASCII));
    }

    /** BASE64URL(SHA-256(verifier)) without padding (RFC 7636, section 4.2). */
    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private IssuedToken issue(SandboxState state, long userId, String clientId, IssuedToken.Kind kind,
            Duration lifetime, boolean withRefreshToken) {
        Instant now = context.clock().instant();
        String appPart = clientId != null ? clientId : context.randomDigits(16);
        IssuedToken token = new IssuedToken();
        token.accessToken = "APP_USR-" + appPart + "-" + TOKEN_DATE.format(now) + "-" + context.randomHex(32) + "-"
                + userId;
        token.refreshToken = withRefreshToken ? "TG-" + context.randomHex(24) + "-" + userId : null;
        token.publicKey = "APP_USR-" + uuidLike();
        token.userId = userId;
        token.clientId = clientId;
        token.kind = kind;
        token.scope = SCOPE;
        token.issuedAt = now;
        token.expiresAt = now.plus(lifetime);
        state.oauth.tokens.put(token.accessToken, token);
        if (token.refreshToken != null) {
            state.oauth.refreshTokens.put(token.refreshToken, token.accessToken);
        }
        return token;
    }

    private String uuidLike() {
        String hex = context.randomHex(32);
        return (hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20)).toLowerCase(Locale.ROOT);
    }

    private static ApiError invalidGrant() {
        return ApiError.keyed("invalid_grant",
                "Error validating grant. Your authorization code or refresh token may be expired or it was already used.");
    }
}
