package dev.mpmarketplace.sellertokens;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

/**
 * A seller's current access token, to call Mercado Pago on the seller's behalf (one token per call, never a shared
 * static one: sdk-java#87). Read through {@link SellerSecrets} and cached for {@code seller-tokens.cache-ttl};
 * {@link #invalidate(long)} drops a seller's entry, which {@link SellerTokenInvalidations} does when
 * seller-linking-service says the tokens changed.
 */
@ApplicationScoped
public class SellerAccessTokens {

    private record Cached(String accessToken, long expiresAtNanos) {
        @Override
        public String toString() {
            return "Cached[token=<redacted>]";
        }
    }

    private final SellerSecrets secrets;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    public SellerAccessTokens(SellerSecrets secrets, SellerTokensConfig config) {
        this(secrets, config.cacheTtl(), System::nanoTime);
    }

    SellerAccessTokens(SellerSecrets secrets, Duration ttl, LongSupplier nanoTime) {
        this.secrets = secrets;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * The seller's current access token.
     *
     * @return fails with {@link SellerNotLinkedException} when the seller has no tokens, and with
     *         {@link SellerTokensUnavailableException} when Vault cannot tell (unreachable, or an error) and no cached
     *         token is left
     */
    public Uni<String> currentAccessToken(long userId) {
        Cached cached = cache.get(userId);
        if (cached != null && nanoTime.getAsLong() - cached.expiresAtNanos() < 0) {
            return Uni.createFrom().item(cached.accessToken());
        }
        return secrets.read(userId)
                .onFailure().transform(failure -> new SellerTokensUnavailableException(userId, failure))
                .map(secret -> secret.orElseThrow(() -> new SellerNotLinkedException(userId)))
                .map(SellerSecret::accessToken)
                .invoke(token -> cache.put(userId, new Cached(token, nanoTime.getAsLong() + ttlNanos)));
    }

    /** Drops the seller's cached token: the next call reads Vault. */
    public void invalidate(long userId) {
        cache.remove(userId);
    }
}
