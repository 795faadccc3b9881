package dev.mpmarketplace.sellertokens;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A seller's current access token, to call Mercado Pago on the seller's behalf (one token per call, never a shared
 * static one: sdk-java#87). Read from Vault at {@code <mount>/<prefix>/<user_id>} and cached for
 * {@code seller-tokens.cache-ttl}; {@link #invalidate(long)} drops a seller's entry, which
 * {@link SellerTokenInvalidations} does when seller-linking-service says the tokens changed.
 */
@ApplicationScoped
public class SellerAccessTokens {

    private record Cached(String accessToken, long expiresAtNanos) {
        @Override
        public String toString() {
            return "Cached[token=<redacted>]";
        }
    }

    private final VaultSecretsKV2 kv;
    private final String prefix;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    public SellerAccessTokens(VaultClient vault, SellerTokensConfig config) {
        this(vault.secrets().kv2(config.vaultMount()), config.vaultPathPrefix(), config.cacheTtl(), System::nanoTime);
    }

    SellerAccessTokens(VaultSecretsKV2 kv, String prefix, Duration ttl, LongSupplier nanoTime) {
        this.kv = kv;
        this.prefix = prefix;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * The seller's current access token.
     *
     * @return fails with {@link SellerNotLinkedException} when the seller has no tokens
     */
    public Uni<String> currentAccessToken(long userId) {
        Cached cached = cache.get(userId);
        long now = nanoTime.getAsLong();
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return Uni.createFrom().item(cached.accessToken());
        }
        Context context = Vertx.currentContext();
        Uni<String> read = Uni.createFrom().completionStage(() -> kv.readSecret(prefix + "/" + userId))
                .map(secret -> {
                    Object token = secret.getData() == null ? null : secret.getData().get("access_token");
                    if (token == null) {
                        throw new SellerNotLinkedException(userId);
                    }
                    return token.toString();
                })
                .onFailure(SellerAccessTokens::isNotFound).transform(e -> new SellerNotLinkedException(userId))
                .invoke(token -> cache.put(userId, new Cached(token, nanoTime.getAsLong() + ttlNanos)));
        return context == null ? read : read.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** Drops the seller's cached token: the next call reads Vault. */
    public void invalidate(long userId) {
        cache.remove(userId);
    }

    private static boolean isNotFound(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return cause instanceof VaultClientException vault && vault.getStatus() != null && vault.getStatus() == 404;
    }
}
