package dev.mpmarketplace.sellertokens;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.smallrye.mutiny.Uni;

/**
 * The one definition of where a seller's Point integrator key lives: the {@code token} Mercado Pago gives for the
 * seller's integrator ({@code GET /point/integration-api/integrators}), the key of the HMAC that answers the webhook
 * challenge. Vault KV v2, mount {@code seller-tokens.vault-mount}, path
 * {@code <seller-tokens.point-integrator-path-prefix>/<user_id>}, field {@value #KEY}. point-service is the only
 * writer ({@link #write}); notification-ingest-service only reads ({@link #read}) to answer the challenge. A key is
 * never logged, never put in an event, a URL or a database.
 */
@ApplicationScoped
public class PointIntegratorKeys {

    /** The secret's field. */
    public static final String KEY = "token";

    private final VaultSecretsKV2 kv;
    private final String prefix;

    public PointIntegratorKeys(VaultClient vault, SellerTokensConfig config) {
        this.kv = vault.secrets().kv2(config.vaultMount());
        this.prefix = config.pointIntegratorPathPrefix();
    }

    /** The secret's path under the mount. */
    public String path(long userId) {
        return prefix + "/" + userId;
    }

    /** The seller's key; empty when none was written. */
    public Uni<Optional<String>> read(long userId) {
        return VaultUnreachableException.call(() -> kv.readSecret(path(userId)))
                .map(secret -> Optional.ofNullable(secret.getData()).map(data -> data.get(KEY))
                        .map(Object::toString).filter(key -> !key.isEmpty()))
                .onFailure(SellerSecrets::isNotFound).recoverWithItem(Optional.empty());
    }

    /** Writes the seller's key (a new version; writing the same key again is harmless). */
    public Uni<Void> write(long userId, String key) {
        if (key == null || key.isEmpty()) {
            return Uni.createFrom().failure(new IllegalArgumentException("a Point integrator key is not empty"));
        }
        return VaultUnreachableException
                .call(() -> kv.updateSecret(path(userId), null, Map.<String, Object>of(KEY, key)))
                .replaceWithVoid();
    }
}
