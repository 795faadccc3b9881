package dev.mpmarketplace.linking.client;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.GrantedTokens;
import dev.mpmarketplace.linking.config.LinkingConfig;

/**
 * The sellers' tokens in Vault KV v2, at {@code <mount>/<prefix>/<user_id>}: {@code access_token},
 * {@code refresh_token}, {@code public_key}, {@code expires_at}, {@code scope}, {@code live_mode}. Every write is a
 * check-and-set on the version the writer read, so a stale writer can never overwrite a newer pair.
 */
@ApplicationScoped
public class SellerSecretStore {

    /** A seller's secret as read, with its KV v2 version. {@link #toString()} is redacted. */
    public record StoredSecret(int version, String accessToken, String refreshToken) {
        @Override
        public String toString() {
            return "StoredSecret[version=" + version + ", tokens=<redacted>]";
        }
    }

    /** The check-and-set failed: someone wrote a newer version first. */
    public static final class SecretVersionConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SecretVersionConflict(long userId, int expected) {
            super("the secret of seller " + userId + " is no longer at version " + expected);
        }
    }

    private final VaultSecretsKV2 kv;
    private final String prefix;

    public SellerSecretStore(VaultClient vault, LinkingConfig config) {
        this.kv = vault.secrets().kv2(config.vault().mount());
        this.prefix = config.vault().pathPrefix();
    }

    /** The current version, 0 when the seller has no secret (never had, or destroyed). */
    public Uni<Integer> currentVersion(long userId) {
        return OnCallerContext.uni(() -> kv.readSecretMetadata(path(userId)))
                .map(metadata -> metadata.getCurrentVersion() == null ? 0 : metadata.getCurrentVersion())
                .onFailure(SellerSecretStore::isNotFound).recoverWithItem(0);
    }

    /** The current secret; empty when there is none. */
    public Uni<Optional<StoredSecret>> read(long userId) {
        return OnCallerContext.uni(() -> kv.readSecret(path(userId)))
                .map(secret -> {
                    Map<String, Object> data = secret.getData();
                    if (data == null) {
                        return Optional.<StoredSecret>empty();
                    }
                    return Optional.of(new StoredSecret(secret.getMetadata().getVersion(),
                            (String) data.get("access_token"), (String) data.get("refresh_token")));
                })
                .onFailure(SellerSecretStore::isNotFound).recoverWithItem(Optional.empty());
    }

    /**
     * Writes the tokens as the version after {@code expectedVersion} (0: the secret must not exist).
     *
     * @return the new version
     * @throws SecretVersionConflict (as the failure) when the secret is no longer at {@code expectedVersion}
     */
    public Uni<Integer> write(GrantedTokens tokens, int expectedVersion) {
        Map<String, Object> data = new HashMap<>();
        data.put("access_token", tokens.accessToken());
        data.put("refresh_token", tokens.refreshToken());
        if (tokens.publicKey() != null) {
            data.put("public_key", tokens.publicKey());
        }
        data.put("expires_at", tokens.expiresAt().toString());
        if (tokens.scope() != null) {
            data.put("scope", tokens.scope());
        }
        if (tokens.liveMode() != null) {
            data.put("live_mode", tokens.liveMode());
        }
        return OnCallerContext.uni(() -> kv.updateSecret(path(tokens.userId()),
                new VaultSecretsKV2UpdateSecretOptions().setCas(expectedVersion), data))
                // quarkus-vault 4.7.0 does not expose the written version; a successful check-and-set on N wrote N+1.
                .replaceWith(expectedVersion + 1)
                .onFailure(SellerSecretStore::isCasFailure)
                .transform(e -> new SecretVersionConflict(tokens.userId(), expectedVersion));
    }

    /** Destroys every version and the metadata; succeeds when there was nothing to destroy. */
    public Uni<Void> destroy(long userId) {
        return OnCallerContext.uni(() -> kv.deleteSecretMetadata(path(userId))).replaceWithVoid()
                .onFailure(SellerSecretStore::isNotFound).recoverWithNull();
    }

    /** When a secret was last written, for diagnostics; not used on the hot path. */
    public String path(long userId) {
        return prefix + "/" + userId;
    }

    static OffsetDateTime parse(Object value) {
        return value == null ? null : OffsetDateTime.parse(value.toString());
    }

    private static boolean isNotFound(Throwable failure) {
        VaultClientException vault = vaultException(failure);
        return vault != null && vault.getStatus() != null && vault.getStatus() == 404;
    }

    private static boolean isCasFailure(Throwable failure) {
        VaultClientException vault = vaultException(failure);
        return vault != null && vault.getStatus() != null && vault.getStatus() == 400
                && String.valueOf(vault.getMessage()).contains("check-and-set");
    }

    private static VaultClientException vaultException(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return cause instanceof VaultClientException vault ? vault : null;
    }
}
