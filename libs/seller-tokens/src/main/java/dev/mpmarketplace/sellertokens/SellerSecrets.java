package dev.mpmarketplace.sellertokens;

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

import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;

/**
 * The one definition of where and how a seller's tokens live: Vault KV v2, mount {@code seller-tokens.vault-mount},
 * path {@code <seller-tokens.vault-path-prefix>/<user_id>}, fields of {@link SellerSecret}. seller-linking-service is
 * the only writer ({@link #write}, {@link #destroy}); payment-service and point-service read through
 * {@link SellerAccessTokens}. Every write is a check-and-set on the version the writer read, so a stale writer never
 * overwrites a newer pair.
 */
@ApplicationScoped
public class SellerSecrets {

    /** The check-and-set failed: someone wrote a newer version first. */
    public static final class SecretVersionConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SecretVersionConflict(long userId, int expected) {
            super("the secret of seller " + userId + " is no longer at version " + expected);
        }
    }

    private final VaultSecretsKV2 kv;
    private final String prefix;

    public SellerSecrets(VaultClient vault, SellerTokensConfig config) {
        this.kv = vault.secrets().kv2(config.vaultMount());
        this.prefix = config.vaultPathPrefix();
    }

    /** The secret's path under the mount. */
    public String path(long userId) {
        return prefix + "/" + userId;
    }

    /** The current version, 0 when the seller has no secret (never had, or destroyed). */
    public Uni<Integer> currentVersion(long userId) {
        return VaultUnreachableException.call(() -> kv.readSecretMetadata(path(userId)))
                .map(metadata -> metadata.getCurrentVersion() == null ? 0 : metadata.getCurrentVersion())
                .onFailure(SellerSecrets::isNotFound).recoverWithItem(0);
    }

    /** The current secret; empty when there is none. */
    public Uni<Optional<SellerSecret>> read(long userId) {
        return VaultUnreachableException.call(() -> kv.readSecret(path(userId)))
                .map(secret -> {
                    Map<String, Object> data = secret.getData();
                    if (data == null || data.get(SellerSecret.ACCESS_TOKEN) == null) {
                        return Optional.<SellerSecret>empty();
                    }
                    Object expiresAt = data.get(SellerSecret.EXPIRES_AT);
                    return Optional.of(new SellerSecret(secret.getMetadata().getVersion(),
                            (String) data.get(SellerSecret.ACCESS_TOKEN), (String) data.get(SellerSecret.REFRESH_TOKEN),
                            (String) data.get(SellerSecret.PUBLIC_KEY),
                            expiresAt == null ? null : OffsetDateTime.parse(expiresAt.toString())));
                })
                .onFailure(SellerSecrets::isNotFound).recoverWithItem(Optional.empty());
    }

    /**
     * Writes the tokens as the version after {@code expectedVersion} (0: the secret must not exist).
     *
     * @return the new version
     * @throws SecretVersionConflict (as the failure) when the secret is no longer at {@code expectedVersion}
     */
    public Uni<Integer> write(GrantedTokens tokens, int expectedVersion) {
        Map<String, Object> data = new HashMap<>();
        data.put(SellerSecret.ACCESS_TOKEN, tokens.accessToken());
        data.put(SellerSecret.REFRESH_TOKEN, tokens.refreshToken());
        if (tokens.publicKey() != null) {
            data.put(SellerSecret.PUBLIC_KEY, tokens.publicKey());
        }
        data.put(SellerSecret.EXPIRES_AT, tokens.expiresAt().toString());
        if (tokens.scope() != null) {
            data.put(SellerSecret.SCOPE, tokens.scope());
        }
        if (tokens.liveMode() != null) {
            data.put(SellerSecret.LIVE_MODE, tokens.liveMode());
        }
        return VaultUnreachableException.call(() -> kv.updateSecret(path(tokens.userId()),
                new VaultSecretsKV2UpdateSecretOptions().setCas(expectedVersion), data))
                // quarkus-vault 4.7.0 does not expose the written version; a successful check-and-set on N wrote N+1.
                .replaceWith(expectedVersion + 1)
                .onFailure(SellerSecrets::isCasFailure)
                .transform(e -> new SecretVersionConflict(tokens.userId(), expectedVersion));
    }

    /** Destroys every version and the metadata; succeeds when there was nothing to destroy. */
    public Uni<Void> destroy(long userId) {
        return VaultUnreachableException.call(() -> kv.deleteSecretMetadata(path(userId))).replaceWithVoid()
                .onFailure(SellerSecrets::isNotFound).recoverWithNull();
    }

    static boolean isNotFound(Throwable failure) {
        VaultClientException vault = vaultException(failure);
        return vault != null && vault.getStatus() != null && vault.getStatus() == 404;
    }

    private static boolean isCasFailure(Throwable failure) {
        VaultClientException vault = vaultException(failure);
        return vault != null && vault.getStatus() != null && vault.getStatus() == 400
                && String.valueOf(vault.getMessage()).contains("check-and-set");
    }

    /** The HTTP status Vault answered, when the failure is one of its answers; {@code null} otherwise. */
    static Integer vaultStatus(Throwable failure) {
        VaultClientException vault = vaultException(failure);
        return vault == null ? null : vault.getStatus();
    }

    private static VaultClientException vaultException(Throwable failure) {
        return unwrapped(failure) instanceof VaultClientException vault ? vault : null;
    }

    /** The failure a Vault call met: a {@link CompletionException}'s cause, any other failure itself. */
    static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
