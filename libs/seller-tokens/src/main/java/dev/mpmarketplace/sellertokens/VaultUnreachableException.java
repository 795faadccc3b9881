package dev.mpmarketplace.sellertokens;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.quarkus.vault.client.VaultClientException;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.support.context.CallerContext;

/**
 * Vault gave no answer: its client failed below HTTP (a refused or timed-out connect, a reset, an unknown host).
 * quarkus-vault passes such a failure up bare, and a bare {@code ConnectException} is what the reactive PostgreSQL
 * client raises too, so this wrapper says whose it is: {@code DatabaseFailures} never reads it as the database being
 * down (decision 0027), and the callers answer it as Vault's (503 {@code seller-tokens-unavailable}, a retry).
 * The message is the cause's class name only: the cause's own message names Vault's host and port.
 */
public class VaultUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    VaultUnreachableException(Throwable cause) {
        super("Vault could not be reached (" + cause.getClass().getSimpleName() + ")", cause);
    }

    /**
     * One call to Vault, continued on the caller's context ({@link CallerContext#uni}); a failure that is not one of
     * Vault's answers ({@link VaultClientException}) fails as a {@link VaultUnreachableException}.
     */
    static <T> Uni<T> call(Supplier<? extends CompletionStage<? extends T>> call) {
        return CallerContext.<T>uni(call)
                .onFailure(failure -> !(SellerSecrets.unwrapped(failure) instanceof VaultClientException)
                        && !(failure instanceof VaultUnreachableException))
                .transform(failure -> new VaultUnreachableException(SellerSecrets.unwrapped(failure)));
    }
}
