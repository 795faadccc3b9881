package dev.mpmarketplace.mercadopago.client.oauth;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;

/**
 * The marketplace application's two seller grants at Mercado Pago's {@code /oauth/token} (decision 0009: a typed REST
 * client rather than quarkus-oidc-client, which cannot classify a failed grant and logs its parameters at DEBUG).
 * Each call is bounded by {@code mercadopago.client.oauth-timeout} and fails with a {@link MercadoPagoException}
 * ({@link MercadoPagoException#invalidGrant()} for a spent code or refresh token). Never retried here: a code and a
 * refresh token are single use, so the caller decides what a failure means.
 */
@ApplicationScoped
public class OAuthTokens {

    private static final String OPERATION = "POST /oauth/token";
    /** Mercado Pago's documented lifetime, used when an answer omits {@code expires_in}. */
    static final long DEFAULT_EXPIRES_IN_SECONDS = 15_552_000L;

    private final MercadoPagoOAuthApi api;
    private final MercadoPagoClientConfig config;
    private final Clock clock;

    public OAuthTokens(@RestClient MercadoPagoOAuthApi api, MercadoPagoClientConfig config, Clock clock) {
        this.api = api;
        this.config = config;
        this.clock = clock;
    }

    /** Exchanges an authorization code, with the PKCE verifier and the redirect URI it was issued for. */
    public Uni<GrantedTokens> exchangeCode(ApplicationCredentials application, String code, String redirectUri,
            String codeVerifier) {
        return call(api.grant(OAuthTokenRequests.authorizationCode(application.clientId(),
                application.clientSecret(), code, redirectUri, codeVerifier)), null);
    }

    /** Trades the seller's (single-use) refresh token for a new pair. */
    public Uni<GrantedTokens> refresh(ApplicationCredentials application, long userId, String refreshToken) {
        return call(api.grant(OAuthTokenRequests.refreshToken(application.clientId(), application.clientSecret(),
                refreshToken)), userId);
    }

    private Uni<GrantedTokens> call(Uni<OAuthTokenResponse> grant, Long expectedUserId) {
        return grant
                .ifNoItem().after(config.oauthTimeout()).failWith(TimeoutException::new)
                .onFailure().transform(failure -> MercadoPagoErrors.classify(OPERATION, failure))
                .map(response -> toTokens(response, expectedUserId));
    }

    private GrantedTokens toTokens(OAuthTokenResponse response, Long expectedUserId) {
        if (response.accessToken() == null || response.refreshToken() == null) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, OPERATION,
                    "no access or refresh token granted", null);
        }
        Long userId = response.userId() != null ? response.userId() : expectedUserId;
        if (userId == null) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, OPERATION, "no user_id granted",
                    null);
        }
        if (expectedUserId != null && !expectedUserId.equals(userId)) {
            // sdk-java#87: tokens crossed between sellers. Never store a token under the wrong seller.
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, OPERATION,
                    "refreshing seller " + expectedUserId + " returned tokens of user " + userId, null);
        }
        long expiresIn = response.expiresIn() != null ? response.expiresIn() : DEFAULT_EXPIRES_IN_SECONDS;
        OffsetDateTime expiresAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
                .plusSeconds(expiresIn);
        return new GrantedTokens(userId, response.accessToken(), response.refreshToken(), response.publicKey(),
                response.scope(), response.liveMode(), expiresAt);
    }
}
