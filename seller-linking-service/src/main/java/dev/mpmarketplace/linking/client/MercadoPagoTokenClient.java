package dev.mpmarketplace.linking.client;

import java.net.ConnectException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.GrantedTokens;
import dev.mpmarketplace.linking.config.LinkingConfig;
import dev.mpmarketplace.mercadopago.client.oauth.MercadoPagoOAuthApi;
import dev.mpmarketplace.mercadopago.client.oauth.OAuthTokenException;
import dev.mpmarketplace.mercadopago.client.oauth.OAuthTokenRequests;
import dev.mpmarketplace.mercadopago.client.oauth.OAuthTokenResponse;

/**
 * The marketplace application's two grants at Mercado Pago's {@code /oauth/token} (decision 0009: a typed REST client
 * rather than quarkus-oidc-client). Each call is bounded by {@code linking.mercadopago.token-timeout} and fails with a
 * {@link TokenGrantFailure}. No retry here: a code is single use and a refresh token too, so the caller decides.
 */
@ApplicationScoped
public class MercadoPagoTokenClient {

    /** Mercado Pago's documented lifetime, used when an answer omits {@code expires_in}. */
    static final long DEFAULT_EXPIRES_IN_SECONDS = 15_552_000L;

    private final MercadoPagoOAuthApi api;
    private final LinkingConfig.MercadoPago config;
    private final Clock clock;

    public MercadoPagoTokenClient(@RestClient MercadoPagoOAuthApi api, LinkingConfig config, Clock clock) {
        this.api = api;
        this.config = config.mercadopago();
        this.clock = clock;
    }

    /** Exchanges an authorization code, with the PKCE verifier and the configured redirect URI. */
    public Uni<GrantedTokens> exchangeCode(String code, String codeVerifier) {
        return call(api.grant(OAuthTokenRequests.authorizationCode(config.clientId(), config.clientSecret(), code,
                config.redirectUri(), codeVerifier)), null);
    }

    /** Trades the seller's (single-use) refresh token for a new pair. */
    public Uni<GrantedTokens> refresh(long userId, String refreshToken) {
        return call(api.grant(OAuthTokenRequests.refreshToken(config.clientId(), config.clientSecret(),
                refreshToken)), userId);
    }

    private Uni<GrantedTokens> call(Uni<OAuthTokenResponse> grant, Long expectedUserId) {
        return grant
                .ifNoItem().after(config.tokenTimeout()).failWith(TimeoutException::new)
                .onFailure().transform(MercadoPagoTokenClient::classify)
                .map(response -> toTokens(response, expectedUserId));
    }

    private GrantedTokens toTokens(OAuthTokenResponse response, Long expectedUserId) {
        if (response.accessToken() == null || response.refreshToken() == null) {
            throw new TokenGrantFailure(TokenGrantFailure.Reason.REJECTED,
                    "Mercado Pago granted no access or refresh token", null, null);
        }
        Long userId = response.userId() != null ? response.userId() : expectedUserId;
        if (userId == null) {
            throw new TokenGrantFailure(TokenGrantFailure.Reason.REJECTED, "Mercado Pago's grant named no user_id",
                    null, null);
        }
        if (expectedUserId != null && !expectedUserId.equals(userId)) {
            // sdk-java#87: tokens crossed between sellers. Never store a token under the wrong seller.
            throw new TokenGrantFailure(TokenGrantFailure.Reason.USER_MISMATCH,
                    "refreshing seller " + expectedUserId + " returned tokens of user " + userId, null, null);
        }
        long expiresIn = response.expiresIn() != null ? response.expiresIn() : DEFAULT_EXPIRES_IN_SECONDS;
        OffsetDateTime expiresAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
                .plusSeconds(expiresIn);
        return new GrantedTokens(userId, response.accessToken(), response.refreshToken(), response.publicKey(),
                response.scope(), response.liveMode(), expiresAt);
    }

    static TokenGrantFailure classify(Throwable failure) {
        if (failure instanceof TokenGrantFailure grantFailure) {
            return grantFailure;
        }
        if (failure instanceof OAuthTokenException oauth) {
            TokenGrantFailure.Reason reason;
            if (oauth.isInvalidGrant()) {
                reason = TokenGrantFailure.Reason.INVALID_GRANT;
            } else if (oauth.status() == 429) {
                reason = TokenGrantFailure.Reason.RATE_LIMITED;
            } else if (oauth.status() >= 500) {
                reason = TokenGrantFailure.Reason.SERVER_ERROR;
            } else {
                reason = TokenGrantFailure.Reason.REJECTED;
            }
            return new TokenGrantFailure(reason, oauth.getMessage(), oauth.retryAfter().orElse(null), null);
        }
        if (failure instanceof TimeoutException) {
            return new TokenGrantFailure(TokenGrantFailure.Reason.TIMEOUT,
                    "Mercado Pago /oauth/token did not answer in time",
                    null, null);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof TimeoutException || root.getClass().getSimpleName().contains("Timeout")) {
            return new TokenGrantFailure(TokenGrantFailure.Reason.TIMEOUT, "Mercado Pago /oauth/token timed out",
                    null, null);
        }
        TokenGrantFailure.Reason reason = root instanceof ConnectException
                ? TokenGrantFailure.Reason.UNREACHABLE
                : TokenGrantFailure.Reason.UNREACHABLE;
        // The exception's text may come from the HTTP layer; only its type is kept, never a request detail.
        return new TokenGrantFailure(reason, "Mercado Pago /oauth/token failed: " + root.getClass().getSimpleName(),
                null, null);
    }
}
